"""``DocumentPage``: a published document of a doctype with ``has_web_view``, at its route.

Template: ``<app_label>/<model_name>_detail.html`` (Django's generic-view name) when the
project has one, else ``frappe_web/document.html``. A document that is unpublished or
that this visitor may not read is a 404 (never a 403), so its existence does not leak.
"""

from __future__ import annotations

from django.http import HttpResponse

from ...doctypes import DocType, get_doctype, site
from ...document import Document
from ..page_cache import GenerationMemo, get_generation
from .base import BaseRenderer

# route -> (doctype name, pk) of its published document, or None: one lookup per route
# and generation per process, so paths that are not documents cost no query when warm.
_routes = GenerationMemo()


def web_view_doctypes() -> list[DocType]:
    return [d for d in site if d.has_web_view and d.route_field]


def find_published(route: str) -> tuple[str, object] | None:
    """``(doctype name, pk)`` of the published document at ``route``, or ``None``."""
    for doctype in web_view_doctypes():
        filters = {doctype.route_field: route, **doctype.published_filter()}
        pk = doctype.get_queryset().filter(**filters).values_list("pk", flat=True).first()
        if pk is not None:
            return doctype.name, pk
    return None


class DocumentPage(BaseRenderer):
    def can_render(self) -> bool:
        generation = self.generation if self.generation is not None else get_generation()
        found = _routes.get(generation, self.path)
        if found is GenerationMemo.MISSING:
            found = find_published(self.path)
            _routes.set(generation, self.path, found)
        if found is None:
            return False
        doctype = get_doctype(found[0])
        instance = doctype.get_queryset().filter(pk=found[1]).first()
        # Not readable by this visitor: a 404 like any missing page, so nothing leaks.
        if instance is None or not doctype.has_permission("read", self.request.user, instance):
            return False
        self.doctype, self.instance = doctype, instance
        return True

    def render(self) -> HttpResponse:
        doctype, instance = self.doctype, self.instance
        doc = Document(doctype, instance)
        context = self.get_context(
            doc=doc,
            object=instance,
            doctype=doctype,
            title=doctype.get_title(instance),
            description=getattr(instance, "description", "") or "",
            meta_image=getattr(instance, "meta_image", "") or "",
            fields=[(field.verbose_name, doc.get(name)) for name, field in doctype.field_map.items()],
        )
        if hasattr(instance, "get_context"):
            context.update(instance.get_context(context) or {})
        if context.get("no_cache"):
            self.cacheable = False
        opts = doctype.opts
        return self.render_page([f"{opts.app_label}/{opts.model_name}_detail.html", "frappe_web/document.html"], context)
