"""Responses shared by the middleware, the website and the API: message pages and Frappe's error body."""

from __future__ import annotations

import html
import json
import traceback
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .database_errors import database_unavailable, is_database_unavailable, unavailable_page
from .exceptions import DatabaseUnavailableError, FrappeError, Redirect
from .local import get_local
from .messages import server_messages
from .translate import _, _lt

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
TITLES = {400: _lt("Bad Request"), 401: _lt("Not Logged In"), 403: _lt("Not Permitted"), 404: _lt("Not Found"),
          409: _lt("Duplicate Entry"), 417: _lt("Invalid Request"), 429: _lt("Too Many Requests"),
          500: _lt("Server Error"), 503: _lt("Service Unavailable")}


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path_info.startswith("/api/")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


def render_message_page(
    request: HttpRequest | None,
    title: str,
    message: str,
    http_status_code: int = 200,
    indicator_color: str = "blue",
    primary_action: str | None = "/",
    primary_label: str | None = _lt("Home"),
    **context: Any,
) -> HttpResponse:
    """``frappe_web/message.html`` (overridable) with a title, a trusted HTML message (Frappe's
    ``respond_as_web_page`` takes HTML) and an action. Renderers use ``BaseRenderer.message_page``,
    which escapes plain text."""
    body = render_to_string(
        "frappe_web/message.html",
        {
            "title": title,
            "message": mark_safe(message),  # nosec B308 B703 # noqa: S308 - trusted HTML, as the docstring says
            "indicator_color": indicator_color,
            "primary_action": primary_action,
            "primary_label": primary_label,
            "http_status_code": http_status_code,
            **context,
        },
        request=request,
    )
    response = HttpResponse(body, status=http_status_code)
    response["Cache-Control"] = "no-store"
    return response


def debug_traceback(exc: BaseException | None) -> str:
    """The formatted traceback of ``exc``, but only with ``DEBUG``: it never reaches visitors otherwise."""
    return "".join(traceback.format_exception(exc)) if settings.DEBUG and exc is not None else ""


def error_body(exc: BaseException) -> dict[str, Any]:
    """Frappe's v1 error envelope: ``exc_type``, ``exception`` and ``_server_messages``."""
    body: dict[str, Any] = {
        "exc_type": type(exc).__name__,
        "exception": f"{_frappe_path(exc)}: {exc}" if str(exc) else _frappe_path(exc),
    }
    if settings.DEBUG:
        body["exc"] = json.dumps([debug_traceback(exc)])
    # The exception's text may repeat what the request sent (a name, a method): its markup is escaped,
    # as clients show messages as HTML (quotes kept: a message is element text, never an attribute).
    # Messages a developer logs (msgprint, throw) are theirs, as in Frappe.
    text = html.escape(str(exc), quote=False)
    log = get_local().message_log or ([{"message": text, "indicator": "red"}] if text else [])
    if log:
        body["_server_messages"] = server_messages(log)
    return body


def _frappe_path(exc: BaseException) -> str:
    return f"frappe.exceptions.{type(exc).__name__}" if isinstance(exc, FrappeError) else type(exc).__name__


def exception_response(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The response for a Frappe exception raised in a view (or a database that cannot be reached:
    503), or ``None`` for any other exception."""
    if isinstance(exc, Redirect):
        status = exc.http_status_code if exc.http_status_code in REDIRECT_STATUSES else 302
        response = HttpResponseRedirect(exc.location, status=status)
        return response
    if is_database_unavailable(exc):
        exc = database_unavailable(exc)
    if not isinstance(exc, FrappeError):
        return None
    status = exc.http_status_code
    if wants_json(request):
        response = JsonResponse(error_body(exc), status=status)
    elif isinstance(exc, DatabaseUnavailableError):
        response = unavailable_page(exc)
    else:
        response = render_message_page(
            request,
            exc.title or TITLES.get(status) or _("Error"),
            escape(str(exc)),
            http_status_code=status,
            indicator_color="red",
            **({"login_required": True} if status in (401, 403) and not getattr(getattr(request, "user", None), "is_authenticated", False) else {}),
        )
    if getattr(exc, "retry_after", None):  # TooManyRequestsError, DatabaseUnavailableError
        response["Retry-After"] = str(exc.retry_after)
    return response

