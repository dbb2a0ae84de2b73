"""How documents appear on website pages: their fields as label/value pairs, their URLs (and
which published document or list a route shows), and querysets that read linked names in the
same query.

Shared by the document, list and print pages, so a document reads the same on each.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst

from ..doctypes import DocType, get_doctype, site
from ..document import Document
from ..meta import standard_fieldnames
from .generation import GenerationMemo

# route -> (doctype name, pk) of its published document, or None: one lookup per route
# and generation per process, so paths that are not documents cost no query when warm,
# and documents cost one query by primary key.
_routes = GenerationMemo()


def with_links(doctype: DocType, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """``queryset`` joined to the links :func:`display_fields` shows, so their names cost no query each."""
    queryset = doctype.get_queryset() if queryset is None else queryset
    links = [name for name in doctype.link_fields if name not in standard_fieldnames(doctype)]
    return queryset.select_related(*links) if links else queryset


def document_context(doctype: DocType, instance: models.Model) -> dict[str, Any]:
    """What every page about one document has in its context (document and print pages)."""
    doc = Document(doctype, instance)
    return {"doc": doc, "object": instance, "doctype": doctype, "title": doctype.get_title(instance),
            "fields": display_fields(doc)}


def display_fields(doc: Document) -> list[tuple[str, Any]]:
    """``(label, value)`` of every exposed field that has a value, in model order.

    Links show the linked document's name, choices their label, booleans Yes/No, dates
    and times the project's format (local time). Left out, as in Frappe's pages and
    Standard print format: an automatic primary key and the standard fields (who
    created or changed a document is not for every reader of a public page).
    """
    doctype, instance = doc.meta, doc.instance
    skipped = standard_fieldnames(doctype)
    pairs = []
    for name, field in doctype.field_map.items():
        if name in skipped or (isinstance(field, models.AutoField) and name != doctype.name_field):
            continue
        value = doc.get(name)
        if value is None or value == "":
            continue
        if field.choices and not field.is_relation:
            value = getattr(instance, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        elif isinstance(value, (datetime.date, datetime.time)):
            value = formats.localize(_local(value))
        pairs.append((capfirst(field.verbose_name), value))
    return pairs


def _local(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def document_url(doctype: DocType, name: Any, route: str | None = None) -> str:
    """The document's page when it has a route, else its print view ``/<DocType>/<name>`` (as Frappe)."""
    if route:
        return f"/{quote(route)}"
    return f"/{quote(doctype.name)}/{quote(str(name), safe='')}"


def list_url(doctype: DocType) -> str:
    """The doctype's list page: its ``list_route`` when set, else ``/<DocType name>``."""
    return f"/{quote(doctype.list_route or doctype.name)}"


def plural_title(doctype: DocType) -> str:
    """``Articles`` for the Article doctype: the model's verbose plural, capitalised."""
    return capfirst(str(doctype.opts.verbose_name_plural))


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


def list_doctype(path: str) -> DocType | None:
    """The web-view doctype whose list page is at ``path`` (its exact name or its ``list_route``)."""
    for doctype in site:
        if doctype.has_web_view and path in (doctype.name, doctype.list_route):
            return doctype
    return None
