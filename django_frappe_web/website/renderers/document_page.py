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
from ...languages import default_language, supported
from ...models import WebPage
from ...users import visitor
from ..alternates import alternate_links
from ..blocks import render_page_blocks
from ..context import breadcrumbs, get_site_data
from ..documents import document_context, load_published
from ..page_assets import asset_urls
from ..page_translations import in_language, text_in, translations_of
from ..route_translations import breadcrumbs_in, document_language_paths, own_route
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
        translated = self._translate(doctype, instance)
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
            context.setdefault("parents", self._breadcrumbs(doctype, instance))
        if context.get("no_cache"):
            self.cacheable = False
        opts = doctype.opts
        response = self.render_page([f"{opts.app_label}/{opts.model_name}_detail.html", "frappe_web/document.html"], context)
        live_until = getattr(instance, "live_until", None)
        if live_until is not None:
            response.frappe_cache_until = live_until()  # the page cache keeps it no longer (page_cache.py)
        return response

    def _translate(self, doctype: DocType, instance: Model) -> dict:
        """A Web Page in the active language when it has a translation into it (its blocks' texts
        too); the context of the document's languages: ``alternate_links`` (and their paths,
        ``language_paths``, for the language picker), and its own route in the active language as
        the canonical address."""
        if self.preview_token is not None:
            return {}  # a revision's preview shows the revision as saved
        if isinstance(instance, WebPage) and not translations_of(instance):
            return {}  # most pages: in one language, with no alternates
        language = get_language()
        if isinstance(instance, WebPage):
            text = text_in(instance, language)
            if text is not None:
                in_language(instance, text)
        home = get_site_data(memoised=self.routed).home_route
        paths = document_language_paths(doctype, instance, home)
        extra = {"alternate_links": alternate_links(self.request, paths), "language_paths": paths}
        route = own_route(doctype, instance, language) if paths else None
        if route:
            extra["canonical"] = self.request.build_absolute_uri(f"/{quote(route)}")
        return extra

    def _breadcrumbs(self, doctype: DocType, instance: Model) -> list[dict[str, str]]:
        """The parents of the page; in another language than the default, those of the document's
        own route (not of a translated route's segments), at their addresses in that language."""
        language = supported(get_language())
        if language is None or language == default_language() or not doctype.route_field:
            return breadcrumbs(self.path, self._title_of)
        route = str(getattr(instance, doctype.route_field, "") or self.path)
        return breadcrumbs_in(route, language, visitor(self.request))

    def _title_of(self, route: str) -> str | None:
        return route_title(route, visitor(self.request))
