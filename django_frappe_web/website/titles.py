"""What a route is called: the titles breadcrumbs and page indexes show for the routes they link."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from .documents import list_doctype, load_published, plural_title
from .sources import read_source, title_from_filename
from .www_index import get_www_index


def www_page_title(route: str) -> str | None:
    """The title of the www page at ``route``: its front matter's, else its file name's."""
    page = get_www_index().find_page(route, get_language())
    if page is None:
        return None
    try:
        front_matter = read_source(page).front_matter
    except Exception:  # a broken sibling must not break this page's breadcrumbs
        front_matter = {}
    return front_matter.get("title") or title_from_filename(route)


def route_title(route: str, user: Any) -> str | None:
    """The title of ``route`` in the router's order: a document ``user`` may read, a www page,
    else a list page (``/blog`` for ``/blog/hello``)."""
    found = load_published(route)
    if found is not None and found[0].has_permission("read", user, found[1]):
        return found[0].get_title(found[1])
    listed = list_doctype(route)
    return www_page_title(route) or (plural_title(listed) if listed is not None else None)
