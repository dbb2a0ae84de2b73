"""Request-scoped state in a ``contextvars.ContextVar``.

One :class:`Local` object per request (or per ``frappe.init()`` block) holds
everything Frappe keeps in ``frappe.local``. Because the context variable holds
a mutable object, state set in a view that runs in a worker thread under ASGI
(``sync_to_async`` copies the context) is seen by the middleware too, while
concurrent requests and tasks never share one.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core import mail

from .form_dict import build_form_dict
from .languages import request_language
from .session import Session
from .users import load_user, username_of
from .utils import _dict


def _in_test() -> bool:
    # Django's test runner and pytest-django both call setup_test_environment(),
    # which installs the documented ``mail.outbox``; that is our "in a test run" signal.
    return hasattr(mail, "outbox")


class Local:
    """Frappe's ``frappe.local``: one per request, task or ``frappe.init()`` block."""

    # Defaults read from the class until first set: this is built once per request, so
    # __init__ stores only what must be per instance (the middleware's whole cost, issue 12).
    message_page: dict | None = None  # set by frappe.respond_as_web_page
    rate_limit = None  # a rate_limiter.RateLimitState: the X-RateLimit-* headers of the response
    _form_dict = None
    _session = None
    _site = None

    def __init__(self, request: Any = None, user: Any = None, *, initialised: bool = False):
        self.request = request
        # True for a request or an init() block; False for the implicit Local that
        # get_local() creates outside any, where per-request caches must not memoise.
        self.initialised = initialised
        self._user = user  # a Django user object, or None meaning "ask the request"

    def __repr__(self) -> str:
        return f"<frappe.local site={self.site!r} user={get_session_user(self)!r}>"

    # Unknown attributes read None, as in Frappe's werkzeug Local.
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    # Built on first use, then read from the instance (cached_property): most requests never ask.
    @cached_property
    def flags(self) -> _dict:
        return _dict(in_test=_in_test())

    @cached_property
    def response(self) -> _dict:
        return _dict({"docs": []})

    @cached_property
    def message_log(self) -> list[dict]:
        return []

    @property
    def in_request(self) -> bool:
        """Inside a request or a ``frappe.init()`` block: per-request caches may memoise.

        False in the implicit Local that ``get_local()`` makes in a worker or shell, so a
        long-running process never reads stale values from ``request_cache``.
        """
        return self.request is not None or self.initialised

    @cached_property
    def request_cache(self) -> dict:
        return {}

    @cached_property
    def error_log(self) -> list:
        return []

    @cached_property
    def site_path(self) -> str:
        return str(getattr(settings, "BASE_DIR", "") or os.getcwd())

    @cached_property
    def lang(self) -> str:
        # Set by FrappeMiddleware for a request; else the request's (LocaleMiddleware's) or the default.
        return request_language(self.request)

    @property
    def request_ip(self) -> str | None:
        return self.request.META.get("REMOTE_ADDR") if self.request is not None else None

    # Built on first use: parsing a body costs, and most requests never ask.
    @property
    def form_dict(self) -> _dict:
        if self._form_dict is None:
            self._form_dict = build_form_dict(self.request)
        return self._form_dict

    @form_dict.setter
    def form_dict(self, value: dict) -> None:
        self._form_dict = value if isinstance(value, _dict) else _dict(value)

    @property
    def session(self):
        if self._session is None:
            self._session = Session(self)
        return self._session

    @property
    def site(self) -> str:
        if self._site is None:
            self._site = self.request.get_host() if self.request is not None else ""
        return self._site

    @site.setter
    def site(self, value: str) -> None:
        self._site = value

    @property
    def user(self) -> Any:
        """The Django user object of this context (AnonymousUser for guests)."""
        if self._user is None:
            request = self.request
            user = getattr(request, "user", None) if request is not None else None
            if user is None:
                from django.contrib.auth.models import AnonymousUser

                user = AnonymousUser()
            self._user = user
        return self._user

    @user.setter
    def user(self, value: Any) -> None:
        self._user = value


_current: contextvars.ContextVar[Local | None] = contextvars.ContextVar("frappe_local", default=None)


def get_local() -> Local:
    """The current context's Local, creating an empty (guest) one outside any request."""
    local = _current.get()
    if local is None:
        local = Local()
        _current.set(local)
    return local


# ``set_local(local) -> token`` and ``reset_local(token)``: the context variable's own methods,
# so binding a request's Local costs no Python call of ours.
set_local = _current.set
reset_local = _current.reset


def get_session_user(local: Local | None = None) -> str:
    """The username of the current context, or ``"Guest"``."""
    return username_of((local or get_local()).user)


def resolve_user(user: Any = None) -> Any:
    """A Django user object from a username, a user object, or ``None`` (the current user)."""
    return get_local().user if user is None else load_user(user)


@contextlib.contextmanager
def init(user: Any = None, request: Any = None, site: str | None = None) -> Iterator[Local]:
    """A fresh ``frappe.local`` for the block, e.g. in a command, task or test::

        with frappe.init(user="alice"):
            frappe.get_list("Article")
    """
    local = Local(request=request, initialised=True)
    if site is not None:
        local.site = site
    if user is not None:
        local.user = resolve_user(user)
    token = _current.set(local)
    try:
        yield local
    finally:
        _current.reset(token)
