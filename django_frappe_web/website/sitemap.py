"""``/sitemap.xml`` (www pages with ``sitemap`` on, published guest-viewable documents) and ``/robots.txt``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.html import escape

from ..doctypes import site
from ..models import WebPage
from .alternates import language_paths, page_path
from .context import get_website_settings, home_route_of
from .controllers import page_option
from .page_translations import sitemap_languages
from .route_translations import sitemap_document_languages
from .www_index import get_www_index

DEFAULT_ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /api/\n"


class SitemapEntry(NamedTuple):
    route: str  # the home page as ""
    lastmod: object  # a datetime or None
    languages: list[tuple[str, str]] = []  # (hreflang, path) of each language of a page in several (alternates.py)


def iter_sitemap_routes() -> Iterator[SitemapEntry]:
    """Every page a search engine should know, with its languages when it has several."""
    home = home_route_of(get_website_settings()[0])
    index = get_www_index()
    for page in index.iter_pages():
        if _www_page_in_sitemap(page):
            languages = index.languages_of(page.route)
            yield SitemapEntry("" if page.route == home else page.route, None,
                               language_paths(page_path(page.route, home), languages) if languages else [])
    guest = AnonymousUser()
    for doctype in site:
        if not (doctype.has_web_view and doctype.route_field and doctype.allow_guest_to_view):
            continue
        queryset = doctype.get_permitted_queryset(guest, published_only=True)
        # Web Pages' translations, or the doctype's route translations: one query for all of them.
        if doctype.model is WebPage:
            translated, own = sitemap_languages(queryset, home), {}
        else:
            translated, own = {}, sitemap_document_languages(doctype)
        fields = [doctype.route_field, "pk"] + ([doctype.modified_field] if doctype.modified_field else [])
        for row in queryset.exclude(**{doctype.route_field: ""}).values_list(*fields).iterator():
            languages = translated.get(row[0], [])
            if str(row[1]) in own:
                languages = language_paths(page_path(row[0], home), own[str(row[1])], own[str(row[1])])
            yield SitemapEntry("" if row[0] == home else row[0], row[2] if len(row) > 2 else None, languages)


def _www_page_in_sitemap(page) -> bool:
    # Frappe lists a www page only when it asks to be listed (``sitemap = 1``).
    return bool(page_option(page, "sitemap"))


def render_sitemap(request: HttpRequest) -> str:
    """The sitemap; a page in several languages has a ``<url>`` per language's address, each with
    every language's as ``<xhtml:link rel="alternate" hreflang>`` (Google's format for them)."""
    base = request.build_absolute_uri("/").rstrip("/")
    entries, alternates = [], False
    for route, lastmod, languages in iter_sitemap_routes():
        lastmod_tag = f"<lastmod>{lastmod.date().isoformat()}</lastmod>" if hasattr(lastmod, "date") else ""
        if not languages:
            # <loc> is a URI: non-ASCII routes are percent-encoded, then the XML is escaped.
            entries.append(f"<url><loc>{escape(iri_to_uri(f'{base}/{route}'))}</loc>{lastmod_tag}</url>")
            continue
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{escape(hreflang)}" href="{escape(iri_to_uri(base + path))}"/>'
                        for hreflang, path in languages)
        entries += [f"<url><loc>{escape(iri_to_uri(base + path))}</loc>{lastmod_tag}{links}</url>"
                    for path in dict.fromkeys(path for _hreflang, path in languages)]  # x-default's is the bare route
        alternates = True
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if alternates:  # declared only when used: a sitemap without translations stays as it was
        namespaces += ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n' + "\n".join(entries) + "\n</urlset>\n"


def render_robots(request: HttpRequest) -> str:
    settings_row, _links = get_website_settings()
    text = settings_row.robots_txt or DEFAULT_ROBOTS
    return f"{text.rstrip()}\nSitemap: {request.build_absolute_uri('/sitemap.xml')}\n"
