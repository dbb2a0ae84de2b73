"""The portal menu: ``FRAPPE_WEB["PORTAL_MENU"]`` then apps' ``portal_menu_items`` hooks, as
Frappe's Portal Settings (its standard menu and apps' ``standard_portal_menu_items``).

An item is a dict of ``title``, ``route``, ``reference_doctype`` (optional: the doctype whose
documents the page lists, checked to exist) and ``role``
(optional: a Django group name, or ``"All"`` / empty for every logged-in user). A superuser sees
every item. The same route twice keeps the first (settings before hooks, as Frappe's custom menu
overrides the standard one). Malformed items are reported by ``manage.py check`` (E080-E082) and
left out of the menu.
"""

from __future__ import annotations

from typing import Any

from ..app_hooks import get_hooks
from ..doctypes import site
from ..exceptions import DoesNotExistError
from ..models import RoleHomePage
from ..permissions import get_roles, is_system_user
from ..settings import web_settings
from ..users import ALL
from .paths import normalize_path

MENU_KEYS = frozenset({"title", "route", "reference_doctype", "role"})


def configured_items() -> list[tuple[str, Any]]:
    """``(origin, item)`` of every item as configured: ``"settings"`` or ``"hooks:<app>"``."""
    items = [("settings", item) for item in web_settings.PORTAL_MENU or []]
    return items + [(f"hooks:{app}", item) for app, item in get_hooks("portal_menu_items")]


def item_problem(item: Any) -> str | None:
    """Why ``item`` is not a menu item, or ``None``; an unknown doctype is :func:`doctype_problem`."""
    if not isinstance(item, dict):
        return f"must be a dict, not {type(item).__name__}"
    unknown = set(item) - MENU_KEYS
    if unknown:
        return f"has unknown keys: {', '.join(sorted(map(str, unknown)))}"
    for key in ("title", "route"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            return f"needs a {key} (a non-empty string)"
    for key in ("reference_doctype", "role"):
        if item.get(key) is not None and not isinstance(item[key], str):
            return f"{key} must be a string"
    return None


def doctype_problem(item: dict[str, Any]) -> str | None:
    name = item.get("reference_doctype")
    if not name:
        return None
    try:
        site.get(name)
    except DoesNotExistError:
        return f"names the doctype {name!r}, which is not registered"
    return None


def menu_items() -> list[dict[str, str]]:
    """The well-formed items, each route once, with ``route`` made absolute."""
    items, routes = [], set()
    for _origin, item in configured_items():
        if item_problem(item) or doctype_problem(item):
            continue
        route = "/" + item["route"].strip().lstrip("/")
        if route in routes:
            continue
        routes.add(route)
        items.append({"title": item["title"], "route": route, "reference_doctype": item.get("reference_doctype") or "",
                      "role": item.get("role") or ALL})
    return items


def menu_for(user: Any) -> list[dict[str, str]]:
    """The items ``user`` may see: none for a guest, else those of the user's groups (``role``).

    By role only, as Frappe's: the page an item links to checks its own permissions (a portal
    list shows a website user their own documents without any model permission)."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = menu_items()
    if user.is_superuser:
        return items
    roles = set(get_roles(user))
    return [item for item in items if item["role"] == ALL or item["role"] in roles]


def home_page_of(user: Any) -> str:
    """Where a user lands after logging in (unless they asked for a page): the first of Website
    Settings' role home pages whose role (group) the user has, else the site's root for staff and
    ``FRAPPE_WEB["WEBSITE_USER_HOME_PAGE"]`` (the portal, ``/me``) for website users."""
    roles = set(get_roles(user))
    for row in RoleHomePage.objects.filter(settings_id=1):
        if row.role in roles and normalize_path(row.home_page) is not None:
            return "/" + normalize_path(row.home_page)
    return "/" if is_system_user(user) else web_settings.WEBSITE_USER_HOME_PAGE
