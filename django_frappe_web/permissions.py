"""Users, roles and the permission context (``frappe.set_user``, ``frappe.get_user``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from .exceptions import DoesNotExistError
from .local import ADMINISTRATOR, GUEST, get_local
from .utils import _dict


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


def resolve_user(user: Any = None) -> Any:
    """A Django user object from a username, a user object, or ``None`` (the current user).

    ``"Guest"`` is the anonymous user; ``"Administrator"`` is the Django user of
    that name when one exists, else a row-less superuser.
    """
    if user is None:
        return get_local().user
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
        raise DoesNotExistError(f"User {user} not found") from None


def set_user(user: Any) -> None:
    """Switch the permission context of the current request, task or block to ``user``."""
    get_local().user = resolve_user(user)


def is_system_user(user: Any = None) -> bool:
    """Whether ``user`` is a Frappe "System User" (a desk user): a staff (or super) user."""
    user = resolve_user(user)
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def get_roles(user: Any = None) -> list[str]:
    """Role names: the user's Django group names plus Frappe's automatic roles."""
    user = resolve_user(user)
    if not getattr(user, "is_authenticated", False):
        return [GUEST]
    roles = ["All", GUEST]
    if user.is_superuser:
        roles += [ADMINISTRATOR, "System Manager"]
    if getattr(user, "pk", None) is not None:
        roles += list(user.groups.values_list("name", flat=True))
    return list(dict.fromkeys(roles))


def get_user(name: Any = None) -> _dict:
    """Frappe's ``frappe.get_user()``: name, roles and the doctypes the user may act on."""
    from .doctypes import site

    user = resolve_user(name)
    username = user.get_username() if getattr(user, "is_authenticated", False) else GUEST
    info = _dict(name=getattr(user, "frappe_name", None) or username, user=user, roles=get_roles(user))
    for ptype in ("read", "write", "create", "delete"):
        info[f"can_{ptype}"] = [d.name for d in site if d.has_permission(ptype, user)]
    return info
