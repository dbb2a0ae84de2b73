"""``frappe.msgprint``, ``frappe.throw`` and ``frappe.respond_as_web_page``.

Messages go to ``frappe.local.message_log`` (sent by the API as
``_server_messages``) and, for page requests, to Django's messages framework so
the next rendered page shows them.
"""

from __future__ import annotations

import json
from typing import Any

from .exceptions import FrappeError, ValidationError
from .local import get_local
from .translate import _

INDICATOR_LEVELS = {"red": 40, "orange": 30, "yellow": 30, "green": 25}  # Django's ERROR, WARNING, SUCCESS
API_PREFIX = "/api/"


def msgprint(
    msg: Any,
    title: str | None = None,
    indicator: str | None = None,
    raise_exception: bool | type[Exception] = False,
    alert: bool = False,
    primary_action: dict | None = None,
) -> None:
    """Show ``msg`` to the user; with ``raise_exception`` also raise (``ValidationError`` when ``True``)."""
    local = get_local()
    message = {"message": str(msg), "title": title, "indicator": indicator}
    if alert:
        message["alert"] = 1
    if raise_exception:
        message["raise_exception"] = 1
    if primary_action:
        message["primary_action"] = primary_action
    local.message_log.append({k: v for k, v in message.items() if v is not None})
    if not raise_exception:  # a raised message is shown by the error page itself
        _add_to_django_messages(local, message)
    if raise_exception:
        exc_class = raise_exception if isinstance(raise_exception, type) else ValidationError
        raise exc_class(str(msg), title=title) if _accepts_title(exc_class) else exc_class(str(msg))


def throw(msg: Any, exc: type[Exception] = ValidationError, title: str | None = None, **kwargs: Any) -> None:
    """Log ``msg`` (red) and raise ``exc`` with it."""
    msgprint(msg, title=title, indicator="red", raise_exception=exc, **kwargs)


def _accepts_title(exc_class: type[Exception]) -> bool:
    return issubclass(exc_class, FrappeError) and exc_class.__init__ is FrappeError.__init__


def _add_to_django_messages(local: Any, message: dict) -> None:
    request = local.request
    if request is None or not hasattr(request, "_messages") or request.path_info.startswith(API_PREFIX):
        return
    from django.contrib import messages

    level = INDICATOR_LEVELS.get(message.get("indicator") or "", messages.INFO)
    text = f"{message['title']}: {message['message']}" if message.get("title") else message["message"]
    messages.add_message(request, level, text)


def server_messages(message_log: list[dict]) -> str:
    """Frappe's ``_server_messages`` wire form: a JSON list of JSON-encoded messages."""
    return json.dumps([json.dumps(message, default=str) for message in message_log])


def respond_as_web_page(
    title: str,
    html: str,
    success: bool | None = None,
    http_status_code: int | None = None,
    indicator_color: str | None = None,
    primary_action: str | None = "/",
    primary_label: str | None = None,
    context: dict | None = None,
) -> None:
    """Make the next page response of this request a rendered message page.

    ``html`` is trusted (written by the developer, as in Frappe): escape anything a
    visitor typed before passing it.
    """
    if indicator_color is None:
        indicator_color = "green" if success else "red" if success is False else "blue"
    get_local().message_page = {
        "title": title,
        "message": html,
        "success": success,
        "http_status_code": http_status_code or (200 if success is not False else 417),
        "indicator_color": indicator_color,
        "primary_action": primary_action,
        "primary_label": primary_label or _("Home"),
        **(context or {}),
    }
