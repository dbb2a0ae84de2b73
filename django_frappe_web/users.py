"""Frappe's user and role names, and turning a user name into a Django user object."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from .exceptions import DoesNotExistError

GUEST = "Guest"
ADMINISTRATOR = "Administrator"
SYSTEM_MANAGER = "System Manager"
ALL = "All"


class AdministratorUser(AnonymousUser):
    """Frappe's ``Administrator`` when no Django user of that name exists: a superuser with no row."""

    id = None
    pk = None
    username = ADMINISTRATOR
    frappe_name = ADMINISTRATOR
    is_staff = True
    is_superuser = True
    is_active = True

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_authenticated(self) -> bool:
        return True

    def get_username(self) -> str:
        return ADMINISTRATOR

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def has_perms(self, perm_list, obj: Any = None) -> bool:
        return True

    def has_module_perms(self, module: str) -> bool:
        return True

    def __str__(self) -> str:
        return ADMINISTRATOR

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AdministratorUser)

    def __hash__(self) -> int:
        return hash(ADMINISTRATOR)


def visitor(request: HttpRequest) -> Any:
    """``request.user``, or the anonymous user without loading the session when the request holds
    no user for sure: ``request.user`` still the unloaded one of Django's ``AuthenticationMiddleware``
    and no session cookie (``get_user`` gives such a request the anonymous user). A guest's page
    then costs no session load (about 7% of a cache hit)."""
    user = getattr(request, "user", None)
    if (isinstance(user, SimpleLazyObject) and user._wrapped is empty
            and getattr(user._setupfunc, "__module__", None) == "django.contrib.auth.middleware"
            and getattr(getattr(request, "session", None), "session_key", "") is None):
        return AnonymousUser()
    return user


def is_guest(request: HttpRequest) -> bool:
    """Whether the visitor is a guest, told without loading a cookieless request's session (:func:`visitor`)."""
    return not getattr(visitor(request), "is_authenticated", False)


def load_user(user: Any) -> Any:
    """A Django user object from a username or a user object (returned as it is).

    ``"Guest"`` is the anonymous user; ``"Administrator"`` is the Django user of
    that name when one exists, else a row-less superuser. ``resolve_user`` in
    ``local`` adds "``None`` is the current user" on top.
    """
    if not isinstance(user, str):
        return user
    if user == GUEST:
        return AnonymousUser()
    User = get_user_model()
    try:
        return User._default_manager.get_by_natural_key(user)
    except User.DoesNotExist:
        if user == ADMINISTRATOR:
            return AdministratorUser()
        raise DoesNotExistError(_("User {user} not found").format(user=user)) from None



def username_of(user: Any) -> str:
    """Frappe's name for a Django user object: its username, ``"Administrator"`` or ``"Guest"``."""
    if getattr(user, "is_authenticated", False):
        return getattr(user, "frappe_name", None) or user.get_username()
    return GUEST
