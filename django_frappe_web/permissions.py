"""Users, roles and the permission context (``frappe.set_user``, ``frappe.get_user``)."""

from __future__ import annotations

from typing import Any

from .doctypes import site
from .local import get_local, resolve_user
from .translate import _
from .users import ADMINISTRATOR, ALL, GUEST, SYSTEM_MANAGER, username_of
from .utils import _dict


def no_permission_message(ptype: str, doctype: Any, name: Any = None) -> str:
    """Frappe's "No permission to <ptype> <doctype> [<name>]" in the request's language (``ptype`` is Frappe's word)."""
    subject = f"{doctype} {name}" if name not in (None, "") else str(doctype)
    return _("No permission to {0} {1}").format(ptype, subject)


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
    roles = [ALL, GUEST]
    if user.is_superuser:
        roles += [ADMINISTRATOR, SYSTEM_MANAGER]
    if getattr(user, "pk", None) is not None:
        roles += list(user.groups.values_list("name", flat=True))
    return list(dict.fromkeys(roles))


def get_user(name: Any = None) -> _dict:
    """Frappe's ``frappe.get_user()``: name, roles and the doctypes the user may act on."""
    user = resolve_user(name)
    info = _dict(name=username_of(user), user=user, roles=get_roles(user))
    for ptype in ("read", "write", "create", "delete"):
        info[f"can_{ptype}"] = [d.name for d in site if d.has_permission(ptype, user)]
    return info
