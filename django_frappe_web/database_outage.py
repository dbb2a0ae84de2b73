"""A database that cannot be reached is a 503 with ``Retry-After``, not a 500.

``django.db.OperationalError`` and ``InterfaceError`` (connection refused, connection lost,
server shutting down, a persistent connection killed on the server) become
:class:`~django_frappe_web.exceptions.DatabaseUnavailableError`: Frappe's JSON envelope on
``/api`` and for JSON requests, the ``frappe_web/503.html`` page otherwise. Each surface
converts in one place: :func:`django_frappe_web.responses.exception_response` (the
middleware and the website router) and the API's exception handler; :func:`server_error`
is a ``handler500`` for what fails above them (the session middleware saving a session).

The page is rendered without the request, so no context processor runs: ``request.user``
and the messages would query the very database that is down. Cached guest pages are served
before any query, so they keep being served while the database is down.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .exceptions import DatabaseUnavailableError

logger = logging.getLogger("django_frappe_web.database")

DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
RETRY_AFTER = 30  # seconds; with CONN_HEALTH_CHECKS a process reconnects on its next request
MESSAGE = "The site is temporarily unavailable: its database cannot be reached. Please try again shortly."


def is_database_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, (*DATABASE_ERRORS, DatabaseUnavailableError))


def database_unavailable(exc: BaseException) -> DatabaseUnavailableError:
    """The Frappe exception to answer for ``exc`` (logged, with its traceback, for the operators)."""
    if isinstance(exc, DatabaseUnavailableError):
        return exc
    logger.error("Database unavailable: %s", exc, exc_info=exc)
    return DatabaseUnavailableError(MESSAGE, retry_after=RETRY_AFTER)


def unavailable_page(exc: DatabaseUnavailableError) -> HttpResponse:
    """``frappe_web/503.html`` (overridable), rendered without the request: it must not query."""
    context = {"title": "Service Unavailable", "message": str(exc), "retry_after": exc.retry_after,
               "http_status_code": exc.http_status_code}
    response = HttpResponse(render_to_string("frappe_web/503.html", context), status=exc.http_status_code)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """A ``handler500`` that answers 503 when the unhandled exception is the database's.

    Set ``handler500 = "django_frappe_web.database_outage.server_error"`` in the root URLconf
    to cover what fails outside the views (e.g. ``SessionMiddleware`` saving a session).
    Other exceptions get Django's own 500 page.
    """
    exc = sys.exc_info()[1]
    if exc is not None and is_database_unavailable(exc):
        from .responses import exception_response

        return exception_response(request, exc)
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request)
