"""Website Route Meta: the meta tags staff set for a route, applied over what its page says.

All rows are read once per process and version of the table (one query), so a page pays no
query for them once warm; saving a row renews every cached page (rows change rarely, and a row
may be written for a route that has never been rendered yet).
"""

from __future__ import annotations

from typing import Any

from ..content_models import WebsiteRouteMeta
from .dependencies import current
from .generation import model_topic
from .memo import VersionedMemo

_table = VersionedMemo(maxsize=1)
FIELDS = ("meta_title", "description", "image", "canonical", "noindex", "meta_tags")


def route_meta(route: str) -> dict[str, Any]:
    """The values set for ``route`` (an empty dict when none is)."""
    versions = current()
    stamp = versions.stamp(model_topic(WebsiteRouteMeta))
    with versions.quietly():
        table = _table.get_or_set(stamp, "table", _read_table)
    return table.get(route.strip("/"), {})


def _read_table() -> dict[str, dict[str, Any]]:
    found = {}
    for row in WebsiteRouteMeta.objects.values("route", *FIELDS):
        route = row.pop("route").strip("/")
        found[route] = {key: value for key, value in row.items() if value not in ("", None, False, [])}
    return found


def meta_tag_attribute(key: str) -> str:
    """Open Graph keys are ``property`` attributes, the others ``name`` (as Frappe's pages write them)."""
    return "property" if key.startswith(("og:", "article:", "fb:")) else "name"
