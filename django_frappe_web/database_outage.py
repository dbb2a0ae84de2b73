"""A database that cannot be reached is a 503 with ``Retry-After``, not a 500.

``django.db.OperationalError`` and ``InterfaceError`` (connection refused, connection lost,
server shutting down, a persistent connection killed on the server) become
:class:`~django_frappe_web.exceptions.DatabaseUnavailableError`: Frappe's JSON envelope on
``/api`` and for JSON requests, the ``frappe_web/503.html`` page otherwise. Each surface
converts in one place (with :mod:`.database_errors`): :func:`django_frappe_web.responses.exception_response`
(the middleware and the website router) and the API's exception handler; :func:`server_error`
is a ``handler500`` for what fails above them (the session middleware saving a session).

The page is rendered without the request, so no context processor runs: ``request.user``
and the messages would query the very database that is down. Cached guest pages are served
before any query, so they keep being served while the database is down.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views.defaults import server_error as django_server_error

from .database_errors import is_database_unavailable
from .responses import exception_response


def server_error(request: HttpRequest) -> HttpResponse:
    """A ``handler500`` that answers 503 when the unhandled exception is the database's.

    Set ``handler500 = "django_frappe_web.database_outage.server_error"`` in the root URLconf
    to cover what fails outside the views (e.g. ``SessionMiddleware`` saving a session).
    Other exceptions get Django's own 500 page.
    """
    exc = sys.exc_info()[1]
    if exc is not None and is_database_unavailable(exc):
        return exception_response(request, exc)
    return django_server_error(request)
