"""``DocumentPage``: a published document of a doctype with ``has_web_view``, at its route.

Template: ``<app_label>/<model_name>_detail.html`` (Django's generic-view name) when the
project has one, else ``frappe_web/document.html``. A document that is unpublished or
that this visitor may not read is a 404 (never a 403), so its existence does not leak.
"""

from __future__ import annotations

from django.http import HttpResponse

from ...doctypes import DocType, site
from ...document import Document
from .base import BaseRenderer


def web_view_doctypes() -> list[DocType]:
    return [d for d in site if d.has_web_view and d.route_field]


class DocumentPage(BaseRenderer):
    def can_render(self) -> bool:
        for doctype in web_view_doctypes():
            instance = self._find(doctype)
            if instance is not None:
                self.doctype, self.instance = doctype, instance
                return True
        return False

    def _find(self, doctype: DocType):
        queryset = doctype.get_queryset().filter(**{doctype.route_field: self.path, **doctype.published_filter()})
        instance = queryset.first()
        if instance is None or not doctype.has_permission("read", self.request.user, instance):
            return None
        return instance

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
