"""``/sitemap.xml`` (www pages with ``sitemap`` on, published guest-viewable documents) and ``/robots.txt``."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.html import escape

from ..doctypes import site
from .context import get_website_settings, home_route_of
from .controllers import controller_attrs, load_controller
from .sources import read_source
from .www_index import get_www_index

DEFAULT_ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /api/\n"


def iter_sitemap_routes() -> Iterator[tuple[str, object]]:
    """``(route, lastmod or None)`` of every page a search engine should know (the home page as ``""``)."""
    home = home_route_of(get_website_settings()[0])
    for page in get_www_index().iter_pages():
        if _www_page_in_sitemap(page):
            yield ("" if page.route == home else page.route), None
    guest = AnonymousUser()
    for doctype in site:
        if not (doctype.has_web_view and doctype.route_field and doctype.allow_guest_to_view):
            continue
        queryset = doctype.get_permitted_queryset(guest, published_only=True)
        fields = [doctype.route_field] + ([doctype.modified_field] if doctype.modified_field else [])
        for row in queryset.exclude(**{doctype.route_field: ""}).values_list(*fields).iterator():
            yield ("" if row[0] == home else row[0]), (row[1] if len(row) > 1 else None)


def _www_page_in_sitemap(page) -> bool:
    try:
        front_matter = read_source(page).front_matter
        attrs = controller_attrs(load_controller(page))
    except Exception:  # a broken page is left out of the sitemap, not allowed to break it
        return False
    # Frappe lists a www page only when it asks to be listed (``sitemap = 1``).
    return bool(front_matter.get("sitemap", attrs.get("sitemap", False)))


def render_sitemap(request: HttpRequest) -> str:
    base = request.build_absolute_uri("/").rstrip("/")
    entries = []
    for route, lastmod in iter_sitemap_routes():
        lastmod_tag = f"<lastmod>{lastmod.date().isoformat()}</lastmod>" if hasattr(lastmod, "date") else ""
        # <loc> is a URI: non-ASCII routes are percent-encoded, then the XML is escaped.
        entries.append(f"<url><loc>{escape(iri_to_uri(f'{base}/{route}'))}</loc>{lastmod_tag}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def render_robots(request: HttpRequest) -> str:
    settings_row, _links = get_website_settings()
    text = settings_row.robots_txt or DEFAULT_ROBOTS
    return f"{text.rstrip()}\nSitemap: {request.build_absolute_uri('/sitemap.xml')}\n"
