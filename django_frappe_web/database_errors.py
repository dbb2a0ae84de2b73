"""Which database errors mean "the database cannot be reached", and the 503 answered for them.

The conversion points (``responses.exception_response``, the API's exception handler) and
``database_outage.server_error`` build on these; docs/deployment.md tells the whole story.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .exceptions import DatabaseUnavailableError

logger = logging.getLogger("django_frappe_web.database")

DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
RETRY_AFTER = 30  # seconds; with CONN_HEALTH_CHECKS a process reconnects on its next request
MESSAGE = gettext_noop("The site is temporarily unavailable: its database cannot be reached. Please try again shortly.")


def is_database_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, (*DATABASE_ERRORS, DatabaseUnavailableError))


def database_unavailable(exc: BaseException) -> DatabaseUnavailableError:
    """The Frappe exception to answer for ``exc`` (logged, with its traceback, for the operators)."""
    if isinstance(exc, DatabaseUnavailableError):
        return exc
    logger.error("Database unavailable: %s", exc, exc_info=exc)
    return DatabaseUnavailableError(_(MESSAGE), retry_after=RETRY_AFTER)


def unavailable_page(exc: DatabaseUnavailableError) -> HttpResponse:
    """``frappe_web/503.html`` (overridable), rendered without the request: it must not query."""
    context = {"title": _("Service Unavailable"), "message": str(exc), "retry_after": exc.retry_after,
               "http_status_code": exc.http_status_code}
    response = HttpResponse(render_to_string("frappe_web/503.html", context), status=exc.http_status_code)
    response["Cache-Control"] = "no-store"
    return response
