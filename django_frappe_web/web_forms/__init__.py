"""Web forms: forms stored in the database, designed in the admin, served by the WebFormPage renderer.

* :mod:`.fields`: which model fields a form may show, and as which field types;
* :mod:`.forms`: the Django form built from a ``WebForm`` row and its model;
* :mod:`.routes`: ``/<r>``, ``/<r>/new``, ``/<r>/list``, ``/<r>/<name>``, ``/<r>/<name>/edit|delete``;
* :mod:`.submission`: the rules shared by pages and API (ownership, single response, rate limit, saving);
* :mod:`.pages`: the ``WebFormPage`` renderer, the visitor's flow; :mod:`.accept`: ``/api/method/...web_form.accept``;
* :mod:`.embedding`: framing headers; :mod:`.admin`: the Web Form admin.

See docs/web-forms.md.
"""
