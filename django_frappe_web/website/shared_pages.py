"""Pages of logged-in users in the page cache, shared by everyone who may see the same
(``FRAPPE_WEB["PAGE_CACHE_LOGGED_IN"]``, off by default).

A logged-in user's page is stored under its **audience**: a digest of what decides what they may
see -- their staff, superuser and active flags, their groups (the portal menu, Frappe's roles)
and every model permission they have (Django's ``get_all_permissions``: documents, lists and
their rows). Two users with the same audience get the same page; the user's own values (the CSRF
token, the username) go in after the cache (:mod:`.visitor_values`).

A page that read anything of the user beyond the audience is not stored: while it is rendered,
``request.user`` (and ``frappe.local.user``) is a :class:`WatchedUser` that notes every read of
the user's identity -- ``{{ user.username }}`` or ``{{ user }}`` in a template,
``frappe.session.user``, ``filter(owner=request.user)`` in a controller (the ORM reads its
``pk``) -- and every read of the session (``request.session["cart"]``). Reads the audience covers (``is_authenticated``, ``is_staff``, ``is_superuser``,
``has_perm``, ``groups``...) are not noted. Pages that are per user by nature never get here
(``cacheable = False``: owner-scoped lists, web forms, accounts, print views).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.functional import LazyObject, empty

from ..database_errors import DATABASE_ERRORS
from ..local import get_local
from ..settings import web_settings
from ..users import is_guest

# What a page may read of the user without becoming theirs alone: the audience covers it.
SHARED_ATTRIBUTES = frozenset({
    "is_authenticated", "is_anonymous", "is_active", "is_staff", "is_superuser", "groups",
    "has_module_perms", "_perm_cache", "_user_perm_cache", "_group_perm_cache", "backend",
    # asked by Django's templates of any variable before using it
    "do_not_call_in_templates", "alters_data",
})


def enabled() -> bool:
    return bool(web_settings.PAGE_CACHE_LOGGED_IN)


def audience(request: HttpRequest) -> str:
    """``""`` for a guest; else the digest of the user's flags, groups and permissions (once a request)."""
    known = getattr(request, "_frappe_audience", None)
    if known is not None:
        return known
    digest = ""
    if enabled():  # else a logged-in user's page is never looked up: no query for an audience
        try:
            digest = "" if is_guest(request) else _digest(real_user(request))
        except DATABASE_ERRORS:
            # Who the user is cannot be known (the database is down): the public copy may be
            # served, and nothing this request renders may be stored under it.
            request._frappe_read_per_user = "the audience could not be read"
    request._frappe_audience = digest
    return digest


def _digest(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    groups = sorted(Group.objects.filter(user=user).values_list("name", flat=True))
    parts = [f"staff={user.is_staff}", f"super={user.is_superuser}", f"active={user.is_active}",
             "groups=" + "\x1f".join(groups), "perms=" + "\x1f".join(sorted(user.get_all_permissions()))]
    return "audience:" + hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def real_user(request: HttpRequest) -> Any:
    """The user behind a :class:`WatchedUser` (for reads the audience covers, as the portal menu's)."""
    user = getattr(request, "user", None)
    return user.watched if isinstance(user, WatchedUser) else user


class WatchedUser(LazyObject):
    """The user, noting (``on_read``) every read of what is theirs alone. The ORM and
    ``isinstance`` take it for the user (Django's lazy objects pass ``__class__`` through)."""

    def __init__(self, user: Any, on_read: Any):
        super().__init__()
        self.__dict__["_wrapped"] = user
        self.__dict__["watched"] = user
        self.__dict__["_on_read"] = on_read

    def _setup(self) -> None:  # never lazy: it wraps a loaded user
        raise AssertionError("WatchedUser wraps a loaded user")

    def __getattr__(self, name: str) -> Any:
        if name not in SHARED_ATTRIBUTES:
            self._on_read(name)
        return getattr(self._wrapped, name)

    # Model permissions are in the audience; a permission on one object (django-guardian's) is not.
    def has_perm(self, perm: str, obj: Any = None) -> bool:
        if obj is not None:
            self._on_read("has_perm(obj)")
        return self._wrapped.has_perm(perm, obj)

    def has_perms(self, perm_list: Any, obj: Any = None) -> bool:
        if obj is not None:
            self._on_read("has_perms(obj)")
        return self._wrapped.has_perms(perm_list, obj)

    def get_all_permissions(self, obj: Any = None) -> set:
        if obj is not None:
            self._on_read("get_all_permissions(obj)")
        return self._wrapped.get_all_permissions(obj)

    def __str__(self) -> str:
        self._on_read("__str__")
        return str(self._wrapped)

    def __eq__(self, other: object) -> bool:
        self._on_read("__eq__")
        return self._wrapped == (other.watched if isinstance(other, WatchedUser) else other)

    def __hash__(self) -> int:
        self._on_read("__hash__")
        return hash(self._wrapped)

    def __bool__(self) -> bool:
        return self._wrapped is not empty and bool(self._wrapped)


@contextmanager
def watching(request: HttpRequest) -> Iterator[None]:
    """Render with the user watched (a logged-in user's page that may be shared); after it,
    :func:`read_per_user` tells whether the page read what is the user's alone."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        yield
        return
    loaded = getattr(user, "_wrapped", user) if not isinstance(user, WatchedUser) else user.watched

    def note(name: str) -> None:
        request._frappe_read_per_user = name

    local = get_local()
    previous = local._user
    session = getattr(request, "session", None)
    accessed = getattr(session, "accessed", False)
    if session is not None:
        session.accessed = False  # the session read to know the user does not count; reads from now on do
    request.user = local.user = WatchedUser(loaded, note)
    try:
        yield
    finally:
        request.user = user
        local._user = previous
        if session is not None:
            if session.accessed:
                note("the session")  # a cart, a preference: the visitor's own
            session.accessed = session.accessed or accessed


def read_per_user(request: HttpRequest) -> bool:
    return getattr(request, "_frappe_read_per_user", None) is not None
