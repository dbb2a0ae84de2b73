"""How documents appear on website pages: their fields as label/value pairs, their URLs (and
which published document or list a route shows), and querysets that read linked names in the
same query.

Shared by the document, list and print pages, so a document reads the same on each.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any
from urllib.parse import quote

from django.db import models
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst

from ..doctypes import DocType, site
from ..document import Document
from ..meta import standard_fieldnames
from .dependencies import PageVersions, current
from .generation import document_topic, model_topic, route_topic
from .memo import VersionedMemo

# Per web-view doctype, {route: pk} of its published documents, one query per process and
# version of the doctype: a path no document claims costs no query once warm (404s included).
# A doctype with more published documents than this is looked up per route instead.
ROUTE_TABLE_LIMIT = 20_000
_tables = VersionedMemo(maxsize=64)
_routes = VersionedMemo()  # (doctype name, route) -> pk or None, for doctypes over the limit
_rows = VersionedMemo(maxsize=1024)  # (doctype name, pk) -> the published row, per version of what it shows


def with_links(doctype: DocType, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """``queryset`` joined to the links :func:`display_fields` shows, so their names cost no query each."""
    queryset = doctype.get_queryset() if queryset is None else queryset
    links = [name for name in doctype.link_fields if name not in standard_fieldnames(doctype)]
    return queryset.select_related(*links) if links else queryset


def document_context(doctype: DocType, instance: models.Model) -> dict[str, Any]:
    """What every page about one document has in its context (document and print pages)."""
    doc = Document(doctype, instance)
    # Lazy: built only for a template that shows the fields (a web page's does not).
    return {"doc": doc, "object": instance, "doctype": doctype, "title": doctype.get_title(instance),
            "fields": SimpleLazyObject(lambda: display_fields(doc))}


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


def load_published(route: str) -> tuple[DocType, models.Model] | None:
    """The published document at ``route``, from memoised route tables and rows.

    The page notes ``route:<route>`` (a document published at, moved to or removed from it
    bumps it) and, when a document is found, the versions of what its page shows.
    """
    versions = current()
    versions.of(route_topic(route))
    for doctype in web_view_doctypes():
        pk = _published_pk(doctype, route, versions)
        if pk is not None:
            instance = _published_row(doctype, pk, versions)
            if instance is not None:
                return doctype, instance
    return None


def load_published_row(doctype: DocType, pk: Any) -> models.Model | None:
    """The published document ``pk`` of ``doctype`` (a translated route's page), memoised as :func:`load_published`'s."""
    return _published_row(doctype, pk, current())


def _published_pk(doctype: DocType, route: str, versions: PageVersions) -> Any:
    stamp = versions.stamp(model_topic(doctype.model), record=False)
    with versions.quietly():
        table = _tables.get_or_set(stamp, doctype.name, lambda: _route_table(doctype))
        if table is not None:
            return table.get(route)
        return _routes.get_or_set(versions.stamp(route_topic(route), record=False), (doctype.name, route),
                                  lambda: _published(doctype).filter(**{doctype.route_field: route})
                                  .values_list("pk", flat=True).first())


def _route_table(doctype: DocType) -> dict[str, Any] | None:
    rows = list(_published(doctype).exclude(**{f"{doctype.route_field}__isnull": True})
                .values_list(doctype.route_field, "pk")[:ROUTE_TABLE_LIMIT + 1])
    return dict(rows) if len(rows) <= ROUTE_TABLE_LIMIT else None


def _published_row(doctype: DocType, pk: Any, versions: PageVersions) -> models.Model | None:
    """The row with its links, memoised per version of its model and the models it links to
    (a copy each time: a page's ``get_context`` may set attributes on it)."""
    stamp = versions.stamp(*shown_topics(doctype, pk))
    with versions.quietly():
        instance = _rows.get_or_set(stamp, (doctype.name, pk), lambda: with_links(doctype, _published(doctype)).filter(pk=pk).first())
    return copy.copy(instance) if instance is not None else None


def shown_topics(doctype: DocType, pk: Any) -> list[str]:
    """The topics of a document page's row: the row's own (a save of another document of the
    doctype keeps its page) and the models of the links it shows (joined in its query)."""
    links = [name for name in doctype.link_fields if name not in standard_fieldnames(doctype)]
    return [document_topic(doctype.model, pk), *(model_topic(doctype.opts.get_field(name).related_model) for name in links)]


def _published(doctype: DocType) -> models.QuerySet:
    # The flag alone: these rows are memoised per version, and a schedule moves with the clock,
    # not with a write; DocumentPage asks is_published() of the row on each request.
    return doctype.get_queryset().filter(**doctype.published_filter())


def list_doctype(path: str) -> DocType | None:
    """The web-view doctype whose list page is at ``path`` (its exact name or its ``list_route``)."""
    for doctype in site:
        if doctype.has_web_view and path in (doctype.name, doctype.list_route):
            return doctype
    return None
