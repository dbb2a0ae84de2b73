"""The API's exception handler: every error in Frappe's envelope with Frappe's status codes.

v1 (``/api/``, ``/api/v1/``) answers ``{"exc_type", "exception", "_server_messages"}``
(:func:`django_frappe_web.responses.error_body`); v2 answers ``{"errors": [{"type",
"message", "title", "indicator"}], "messages": [...]}``. DRF's and Django's own
exceptions are first translated to the Frappe exception a Frappe client expects
(``NotAuthenticated`` → ``AuthenticationError``, ``NotFound`` → ``DoesNotExistError``...);
a database that cannot be reached is a 503 ``DatabaseUnavailableError`` with ``Retry-After``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .. import exceptions as frappe_exc
from ..database_errors import database_unavailable, is_database_unavailable
from ..local import get_local
from ..responses import debug_traceback, error_body
from ..translate import _, _lt

logger = logging.getLogger("django_frappe_web.api")

V1, V2 = 1, 2


class RequestTooLarge(drf.APIException):
    status_code = 413
    default_detail = _lt("The request body is too large.")


class ServerError(Exception):
    """Stands in for an unexpected exception so its message (which may hold internals) is not sent."""


_TRANSLATIONS: tuple[tuple[type[BaseException], type[frappe_exc.FrappeError]], ...] = (
    (drf.NotAuthenticated, frappe_exc.AuthenticationError),
    (drf.AuthenticationFailed, frappe_exc.AuthenticationError),
    (drf.PermissionDenied, frappe_exc.PermissionError),
    (DjangoPermissionDenied, frappe_exc.PermissionError),
    (drf.NotFound, frappe_exc.DoesNotExistError),
    (Http404, frappe_exc.DoesNotExistError),
    (drf.ValidationError, frappe_exc.ValidationError),
    (drf.ParseError, frappe_exc.ValidationError),
)


def exception_handler(exc: BaseException, context: dict) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER`` for every API view (set on the views, not in project settings)."""
    if isinstance(exc, frappe_exc.Redirect):
        return None  # FrappeMiddleware turns it into a redirect, as for pages
    view = context.get("view")
    original = exc
    exc, status = translate(exc)
    if status == 403 and get_local().response.get("session_expired"):
        exc, status = frappe_exc.SessionExpired(_("Session expired. Please log in again.")), 401
    if status >= 500 and not isinstance(exc, frappe_exc.DatabaseUnavailableError):  # that one logged itself
        logger.error("Internal error in %s", getattr(context.get("request"), "path", "?"), exc_info=original)
    set_rollback()
    version = getattr(view, "api_version", V1)
    body = v2_error_body(exc, original) if version == V2 else v1_error_body(exc, original)
    return Response(body, status=status, headers=error_headers(exc, view))


def translate(exc: BaseException) -> tuple[BaseException, int]:
    """The exception to report (a Frappe one where Frappe has it) and its HTTP status."""
    if isinstance(exc, frappe_exc.FrappeError):
        return exc, exc.http_status_code
    if isinstance(exc, drf.Throttled):
        return frappe_exc.TooManyRequestsError(_detail(exc), retry_after=int(exc.wait or 1)), 429
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge(), 413
    for source, target in _TRANSLATIONS:
        if isinstance(exc, source):
            return target(_detail(exc)), target.http_status_code
    if isinstance(exc, drf.APIException):
        return exc, exc.status_code
    if isinstance(exc, SuspiciousOperation):
        return frappe_exc.ValidationError(_("Bad request: {0}").format(exc)), 400
    if is_database_unavailable(exc):
        return database_unavailable(exc), 503
    return ServerError(_("Internal Server Error")), 500


def _detail(exc: BaseException) -> str:
    """A DRF/Django exception's message as one line (a serializer's field errors joined)."""
    detail = getattr(exc, "detail", None)
    if detail is None:
        return str(exc) or type(exc).__name__
    return "; ".join(_flatten(detail))


def _flatten(detail: Any, prefix: str = "") -> list[str]:
    if isinstance(detail, dict):
        parts = []
        for key, value in detail.items():
            label = "" if key in ("non_field_errors", "__all__", "detail") else f"{key}: "
            parts += _flatten(value, f"{prefix}{label}")
        return parts
    if isinstance(detail, list):
        return [part for item in detail for part in _flatten(item, prefix)]
    return [f"{prefix}{detail}"]


def error_headers(exc: BaseException, view: Any) -> dict[str, str]:
    """``Retry-After`` and ``WWW-Authenticate``; DRF adds ``Allow`` (the view's methods) to every response.

    A wrong verb is a 405 (``MethodNotAllowed``): Frappe answers 403 there, we follow HTTP.
    """
    headers = {}
    if getattr(exc, "retry_after", None):  # TooManyRequestsError, DatabaseUnavailableError
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, frappe_exc.AuthenticationError) and view is not None:
        request = getattr(view, "request", None)
        challenge = view.get_authenticate_header(request) if request is not None else None
        if challenge:
            headers["WWW-Authenticate"] = challenge
    return headers


def v1_error_body(exc: BaseException, original: BaseException) -> dict[str, Any]:
    """Frappe's v1 error body; the traceback (``exc``) only with ``DEBUG``."""
    if isinstance(exc, ServerError):
        body: dict[str, Any] = {"exc_type": type(original).__name__, "exception": _("Internal Server Error")}
        if settings.DEBUG:
            body["exc"] = json.dumps([debug_traceback(original)])
        return body
    return error_body(exc)


def v2_error_body(exc: BaseException, original: BaseException) -> dict[str, Any]:
    """Frappe's v2 error body: ``errors`` (the raised message merged in) and the other ``messages``."""
    messages = [dict(m) for m in get_local().message_log]
    error: dict[str, Any] = {"type": type(original if isinstance(exc, ServerError) else exc).__name__,
                             "message": str(exc)}
    raised = next((m for m in reversed(messages) if m.get("raise_exception")), None)
    if raised is not None:
        messages.remove(raised)
        raised.pop("raise_exception", None)
        error.update(raised)
    if settings.DEBUG:
        error["exception"] = debug_traceback(original)
    body: dict[str, Any] = {"errors": [error]}
    if messages:
        body["messages"] = messages
    return body
