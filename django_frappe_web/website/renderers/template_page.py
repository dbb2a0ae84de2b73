"""``TemplatePage``: ``.html`` and ``.md`` pages from the www folders, with their ``.py`` controllers."""

from __future__ import annotations

import os
from typing import Any

from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from ...exceptions import ValidationError
from ...utils import _dict
from ..alternates import alternate_links, language_paths, page_path
from ..context import breadcrumbs, get_site_data
from ..controllers import call_get_context, controller_attrs, load_controller
from ..sources import compile_template, extract_title, read_sidebar, read_source, render_markdown, title_from_filename
from ..titles import www_page_title
from ..www_index import get_www_index
from .base import BaseRenderer

INDEX_PLACEHOLDER = "{index}"
NEXT_PLACEHOLDER = "{next}"


def is_full_template(source: str) -> bool:
    """A source that extends a template renders the whole page itself; others are wrapped."""
    return "{% extends" in source or "{%- extends" in source


class PageSourceError(Exception):
    """A www page source that cannot be read (invalid front matter, not UTF-8)."""


class TemplatePage(BaseRenderer):
    def can_render(self) -> bool:
        self.page = get_www_index().find_page(self.path, get_language())  # about.de.md for German visitors
        return self.page is not None

    def render(self) -> HttpResponse:
        try:
            source = read_source(self.page)
        except ValidationError as exc:
            # A broken source file is the site's bug, not the visitor's: the logged 500 page
            # (details only with DEBUG), not a 417 that shows the file's YAML to everyone.
            raise PageSourceError(str(exc)) from exc
        module = load_controller(self.page)
        paths = self._language_paths()
        context = _dict(self.get_context(alternate_links=alternate_links(self.request, paths), language_paths=paths))
        context.update(source.front_matter)
        context.update(controller_attrs(module))
        context = _dict(call_get_context(module, context))
        if context.get("no_cache"):
            self.cacheable = False
        if source.kind == "html" and is_full_template(source.body):
            self._set_title(context, None)
            return self.render_page(compile_template(source.body), context)
        body = self.render_body(source, context)
        self._set_title(context, body)
        self._add_navigation(context)
        return self.render_page(context.get("base_template_path"), context, content=body)

    def _language_paths(self) -> list[tuple[str, str]]:
        """The page's path in each language it has a source in (``about.de.md``), or none."""
        index, route = get_www_index(), self.page.route
        languages = index.languages_of(route)
        if not languages:
            return []
        home = get_site_data(memoised=self.routed).home_route
        return language_paths(page_path(route, home), languages, has_original=index.find_page(route) is not None)

    def render_body(self, source: Any, context: dict) -> str:
        if source.kind == "md":
            html, toc = render_markdown(source.body)
            context["toc"] = toc
        else:
            html = compile_template(source.body).render(context, self.request)
        return self._fill_placeholders(html)

    def _set_title(self, context: dict, body: str | None) -> None:
        if not context.get("title"):
            context["title"] = (body and extract_title(body)) or title_from_filename(self.page.route)

    def _add_navigation(self, context: dict) -> None:
        if not context.get("no_breadcrumbs"):
            context.setdefault("parents", breadcrumbs(self.page.route, www_page_title))
        sidebar = read_sidebar(os.path.dirname(self.page.path))
        if sidebar and context.get("show_sidebar") is not False:
            context.setdefault("sidebar_items", sidebar)
            context.setdefault("show_sidebar", True)

    def _fill_placeholders(self, html: str) -> str:
        index = get_www_index()
        if INDEX_PLACEHOLDER in html:
            children = index.children(self.page.route)
            listing = format_html(
                '<ul class="page-index">{}</ul>',
                format_html_join("", '<li><a href="/{}">{}</a></li>', ((c.route, www_page_title(c.route)) for c in children)),
            )
            # Markdown puts a lone placeholder in a paragraph; a list may not sit inside <p>.
            html = html.replace(f"<p>{INDEX_PLACEHOLDER}</p>", listing).replace(INDEX_PLACEHOLDER, listing)
        if NEXT_PLACEHOLDER in html:
            following = index.next_page(self.page.route)
            link = format_html('<p class="next-page"><a href="/{}">Next: {}</a></p>', following.route,
                               www_page_title(following.route)) if following else ""
            html = html.replace(f"<p>{NEXT_PLACEHOLDER}</p>", link).replace(NEXT_PLACEHOLDER, link)
        return html
