"""Web forms: forms stored in the database, designed in the admin, served by the WebFormPage renderer.

* :mod:`.fields`: which model fields a form may show, and as which field types;
* :mod:`.spec`: a ``WebForm`` row resolved against its doctype; :mod:`.forms`: the Django form built from it;
* :mod:`.layout`: sections, columns and steps; :mod:`.tables`: child tables; :mod:`.conditions`: ``depends_on``;
* :mod:`.drafts`, :mod:`.keyed_links`, :mod:`.listing`, :mod:`.notifications`, :mod:`.export`, :mod:`.spam`,
  :mod:`.assets` (custom script and style); :mod:`.layout_checks`, :mod:`.requests_admin`: the designer's checks;
* :mod:`.routes`: ``/<r>``, ``/<r>/new``, ``/<r>/list``, ``/<r>/<name>``, ``/<r>/<name>/edit|delete``;
* :mod:`.submission`: the rules shared by pages and API (ownership, single response, rate limit, saving);
* :mod:`.pages`: the ``WebFormPage`` renderer, the visitor's flow; :mod:`.accept`: ``/api/method/...web_form.accept``;
* :mod:`.embedding`: framing headers; :mod:`.admin`: the Web Form admin.

See docs/web-forms.md.
"""
