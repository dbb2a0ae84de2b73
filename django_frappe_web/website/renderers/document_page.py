"""``DocumentPage``: a published document of a doctype with ``has_web_view``, at its route.

Template: ``<app_label>/<model_name>_detail.html`` (Django's generic-view name) when the
project has one, else ``frappe_web/document.html``. A document that is unpublished or
that this visitor may not read is a 404 (never a 403), so its existence does not leak: a
document of an ``owner_scoped`` doctype is read by its owner (and users with the view permission).
The model's ``get_context(context)`` may add to (or return additions for) the context.
"""

from __future__ import annotations

from django.http import HttpResponse

from ...models import WebPage
from ..blocks import render_page_blocks
from ..context import breadcrumbs
from ..documents import document_context, load_published
from ..page_assets import asset_urls
from ..titles import route_title
from .base import BaseRenderer


class DocumentPage(BaseRenderer):
    preview_token: str | None = None  # rendering a preview link's revision (preview.py): its assets under the link

    def can_render(self) -> bool:
        found = load_published(self.path)
        # Not readable by this visitor: a 404 like any missing page, so nothing leaks.
        if found is None or not found[0].has_permission("read", self.request.user, found[1]):
            return False
        if not found[0].is_published(found[1]):
            return False  # scheduled (a Web Page before its start_date or after its end_date): not yet, or no more
        self.doctype, self.instance = found
        if self.doctype.owner_scoped:
            self.cacheable = False  # someone's own document (or one they may read): per user
        return True

    def render(self) -> HttpResponse:
        doctype, instance = self.doctype, self.instance
        context = self.get_context(
            **document_context(doctype, instance),
            description=getattr(instance, "description", "") or "",
            meta_image=getattr(instance, "meta_image", "") or "",
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

    def _title_of(self, route: str) -> str | None:
        return route_title(route, self.request.user)
