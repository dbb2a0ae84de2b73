"""``DocumentPage``: a published document of a doctype with ``has_web_view``, at its route.

Template: ``<app_label>/<model_name>_detail.html`` (Django's generic-view name) when the
project has one, else ``frappe_web/document.html``. A document that is unpublished or
that this visitor may not read is a 404 (never a 403), so its existence does not leak.
The model's ``get_context(context)`` may add to (or return additions for) the context.
"""

from __future__ import annotations

from django.db import models
from django.http import HttpResponse

from ...doctypes import DocType, get_doctype, site
from ..context import breadcrumbs
from ..documents import document_context, plural_title, with_links
from ..page_cache import GenerationMemo, get_generation
from .base import BaseRenderer

# route -> (doctype name, pk) of its published document, or None: one lookup per route
# and generation per process, so paths that are not documents cost no query when warm,
# and documents cost one query by primary key.
_routes = GenerationMemo()


def web_view_doctypes() -> list[DocType]:
    return [d for d in site if d.has_web_view and d.route_field]


def find_published(route: str) -> tuple[DocType, models.Model] | None:
    """The doctype and published document at ``route`` (one indexed query per web-view doctype)."""
    for doctype in web_view_doctypes():
        filters = {doctype.route_field: route, **doctype.published_filter()}
        instance = with_links(doctype).filter(**filters).first()
        if instance is not None:
            return doctype, instance
    return None


def load_published(route: str, generation: int) -> tuple[DocType, models.Model] | None:
    """The published document at ``route``, through the per-generation memo."""
    found = _routes.get(generation, route)
    if found is GenerationMemo.MISSING:
        result = find_published(route)
        _routes.set(generation, route, result and (result[0].name, result[1].pk))
        return result
    if found is None:
        return None
    doctype = get_doctype(found[0])
    instance = with_links(doctype).filter(pk=found[1], **doctype.published_filter()).first()
    return (doctype, instance) if instance is not None else None


class DocumentPage(BaseRenderer):
    def can_render(self) -> bool:
        generation = self.generation if self.generation is not None else get_generation()
        found = load_published(self.path, generation)
        # Not readable by this visitor: a 404 like any missing page, so nothing leaks.
        if found is None or not found[0].has_permission("read", self.request.user, found[1]):
            return False
        self.doctype, self.instance = found
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
        if not context.get("no_breadcrumbs"):
            context.setdefault("parents", breadcrumbs(self.path, self._title_of))
        if context.get("no_cache"):
            self.cacheable = False
        opts = doctype.opts
        return self.render_page([f"{opts.app_label}/{opts.model_name}_detail.html", "frappe_web/document.html"], context)

    def _title_of(self, route: str) -> str | None:
        """Title of a parent route for the breadcrumbs, in the router's order: a document this
        visitor may read, a www page, else a list page (``/blog`` for ``/blog/hello``)."""
        from .list_page import list_doctype
        from .template_page import _title_of

        generation = self.generation if self.generation is not None else get_generation()
        found = load_published(route, generation)
        if found is not None and found[0].has_permission("read", self.request.user, found[1]):
            return found[0].get_title(found[1])
        listed = list_doctype(route)
        return _title_of(route) or (plural_title(listed) if listed is not None else None)
