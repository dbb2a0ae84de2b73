"""``DocumentPage``: a published document of a doctype with ``has_web_view``, at its route.

Template: ``<app_label>/<model_name>_detail.html`` (Django's generic-view name) when the
project has one, else ``frappe_web/document.html``. A document that is unpublished or
that this visitor may not read is a 404 (never a 403), so its existence does not leak: a
document of an ``owner_scoped`` doctype is read by its owner (and users with the view permission).
The model's ``get_context(context)`` may add to (or return additions for) the context.
"""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import Model
from django.http import HttpResponse
from django.utils.translation import get_language

from ...doctypes import DocType
from ...models import WebPage
from ...users import visitor
from ..alternates import alternate_links
from ..blocks import render_page_blocks
from ..context import breadcrumbs, get_site_data
from ..documents import document_context, load_published
from ..page_assets import asset_urls
from ..page_translations import in_language, page_language_paths, text_in, translations_of
from ..titles import route_title
from .base import BaseRenderer


class DocumentPage(BaseRenderer):
    preview_token: str | None = None  # rendering a preview link's revision (preview.py): its assets under the link

    def can_render(self) -> bool:
        return self.accept(load_published(self.path))

    def accept(self, found: tuple[DocType, Model] | None) -> bool:
        """Whether this visitor may see the published document ``found`` now (then it is the page's)."""
        # Not readable by this visitor: a 404 like any missing page, so nothing leaks.
        if found is None or not found[0].has_permission("read", visitor(self.request), found[1]):
            return False
        if not found[0].is_published(found[1]):
            return False  # scheduled (a Web Page before its start_date or after its end_date): not yet, or no more
        self.doctype, self.instance = found
        if self.doctype.owner_scoped:
            self.cacheable = False  # someone's own document (or one they may read): per user
        return True

    def render(self) -> HttpResponse:
        doctype, instance = self.doctype, self.instance
        translated = self._translate(instance) if isinstance(instance, WebPage) else {}
        context = self.get_context(
            **document_context(doctype, instance),
            description=getattr(instance, "description", "") or "",
            meta_image=getattr(instance, "meta_image", "") or "",
            **translated,
        )
        if hasattr(instance, "get_context"):
            context.update(instance.get_context(context) or {})
        if isinstance(instance, WebPage):  # its blocks are rendered here, in the website layer
            context.setdefault("blocks", render_page_blocks(instance))
            context.update(asset_urls(instance, self.preview_token))
        if not context.get("no_breadcrumbs"):
            context.setdefault("parents", breadcrumbs(self.path, self._title_of))
        if context.get("no_cache"):
            self.cacheable = False
        opts = doctype.opts
        response = self.render_page([f"{opts.app_label}/{opts.model_name}_detail.html", "frappe_web/document.html"], context)
        live_until = getattr(instance, "live_until", None)
        if live_until is not None:
            response.frappe_cache_until = live_until()  # the page cache keeps it no longer (page_cache.py)
        return response

    def _translate(self, page: WebPage) -> dict:
        """``page`` in the active language when it has a translation into it (blocks stay as they
        are); the context of its languages: ``alternate_links``, and a translation's own route as
        the canonical address."""
        if self.preview_token is not None:
            return {}  # a revision's preview shows the revision as saved
        if not translations_of(page):
            return {}
        text = text_in(page, get_language())
        if text is not None:
            in_language(page, text)
        home = get_site_data(memoised=self.routed).home_route
        extra = {"alternate_links": alternate_links(self.request, page_language_paths(page, home))}
        if text is not None and text.route:
            extra["canonical"] = self.request.build_absolute_uri(f"/{quote(text.route)}")
        return extra

    def _title_of(self, route: str) -> str | None:
        return route_title(route, visitor(self.request))
