"""The Frappe-style facade: ``from django_frappe_web import frappe``.

Request-scoped names (``session``, ``local``, ``flags``, ``form_dict``,
``request``, ``response``, ``user``, ``cache``...) are resolved on every access
from the current context (see :mod:`django_frappe_web.local`), so they are
correct per request, per thread and per asyncio task.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import DisallowedHost

from .background_jobs import enqueue, get_job, get_job_status, is_job_enqueued
from .cache import get_cache
from .database import db, get_all, get_list
from .document import Document, get_doc, get_single, new_doc
from .exceptions import (
    AuthenticationError,
    CSRFTokenError,
    DocstatusTransitionError,
    DoesNotExistError,
    DuplicateEntryError,
    FrappeError,
    InvalidQueryError,
    PageDoesNotExistError,
    PermissionError,
    Redirect,
    SessionDataError,
    TooManyRequestsError,
    UpdateAfterSubmitError,
    ValidationError,
)
from .local import Local, get_local, init
from .messages import msgprint, respond_as_web_page, throw
from .permissions import get_roles, get_user, is_system_user, set_user
from .rate_limiter import rate_limit
from .translate import _, _lt
from .users import ADMINISTRATOR, GUEST
from .utils import _dict, cint, sbool
from .whitelist import whitelist

__all__ = [
    "ADMINISTRATOR", "GUEST", "AuthenticationError", "CSRFTokenError", "DocstatusTransitionError", "Document",
    "DoesNotExistError",
    "DuplicateEntryError", "FrappeError", "InvalidQueryError", "Local", "PageDoesNotExistError",
    "PermissionError", "Redirect", "SessionDataError", "TooManyRequestsError", "UpdateAfterSubmitError", "ValidationError",
    "_", "_dict", "_lt",
    "cint", "db", "enqueue", "get_all", "get_doc", "get_job", "get_job_status", "get_list", "get_local",
    "get_request_header", "get_roles", "get_single", "get_user", "init", "is_job_enqueued", "is_system_user",
    "msgprint", "new_doc", "rate_limit", "redirect", "respond_as_web_page", "sbool", "set_user", "throw", "whitelist",
]


def get_request_header(key: str, default: Any = None) -> Any:
    """A request header by name, case-insensitively; ``default`` outside a request."""
    request = get_local().request
    if request is None:
        return default
    return request.headers.get(key, default)


def redirect(url: str, http_status_code: int = 302) -> None:
    """Stop here and send the visitor to ``url`` (raises :class:`Redirect`)."""
    raise Redirect(url, http_status_code)


def _request() -> Any:
    """The current HttpRequest, with Frappe's ``.url`` (the absolute URL) added on first use."""
    request = get_local().request
    if request is not None and not hasattr(request, "url"):
        try:
            request.url = request.build_absolute_uri()
        except DisallowedHost:
            request.url = request.get_full_path()
    return request


def _cache() -> Any:
    return get_cache()


_DYNAMIC = {
    "local": lambda: get_local(),
    "session": lambda: get_local().session,
    "user": lambda: get_local().session.user,
    "flags": lambda: get_local().flags,
    "form_dict": lambda: get_local().form_dict,
    "request": _request,
    "response": lambda: get_local().response,
    "lang": lambda: get_local().lang,
    "message_log": lambda: get_local().message_log,
    "cache": _cache,
}


def __getattr__(name: str) -> Any:
    try:
        return _DYNAMIC[name]()
    except KeyError:
        raise AttributeError(f"module 'frappe' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted([*globals(), *_DYNAMIC])
