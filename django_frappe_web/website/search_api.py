"""``frappe.search.web_search``: the site search as JSON, for pages that show results themselves
(``/api/method/frappe.search.web_search?query=...&scope=blog&limit=20``, as Frappe's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..exceptions import ValidationError
from ..local import resolve_user
from ..whitelist import alias, whitelist
from .search import clean_query, search

MAX_LIMIT = 100


@whitelist(allow_guest=True, methods=["GET", "POST"])
def web_search(query: str = "", scope: str | None = None, limit: Any = 20) -> list[dict[str, Any]]:
    """Matches as ``{"title", "path", "content", "doctype"}``: ``content`` is the snippet (HTML, the
    query in ``<mark>``), ``path`` the route; ``scope`` keeps routes under that prefix."""
    text = str(limit).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise ValidationError(_("limit must be a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT})
    query = clean_query(query)
    prefix = str(scope or "").strip("/")
    results = search(query, resolve_user())
    if prefix:
        results = [r for r in results if r.url.strip("/") == prefix or r.url.strip("/").startswith(prefix + "/")]
    return [{"title": r.title, "path": r.url.lstrip("/"), "content": str(r.snippet(query)),
             "doctype": None if r.kind == "page" else r.kind} for r in results[:int(text)]]


alias("frappe.search.web_search", web_search)
