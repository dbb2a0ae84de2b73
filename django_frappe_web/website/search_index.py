"""The full-text search index kept up to date: one :class:`~..search_models.SearchEntry` per
published web-view document with a route (``fulltext.py`` reads it).

A save of such a document writes its entry (its title and searched fields as plain text, then its
vector) in the save's own transaction; a save that unpublishes it, takes its route away, or a delete
removes it. Whether it is live now (a Web Page's dates) is asked when searching, not here, so a
scheduled page is found from its start date without a write. Writes that send no signal
(``QuerySet.update()``, ``bulk_create``, raw SQL) need ``manage.py rebuild_search_index``
(:func:`rebuild`). Kept only while the full-text search is in use (PostgreSQL).

A published Web Page has an entry per translation too, in its language (``search_translations.py``),
written with the page's and anew when a translation is saved or deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connections, models, transaction
from django.utils import timezone

from ..doctypes import DocType, site
from ..models import WebPage
from ..search_models import SearchEntry
from . import fulltext
from .search_results import row_text, row_title, searched_fields
from .search_translations import is_translated, translation_rows, with_text

Entry = tuple[Any, str, dict[str, Any]]  # (pk, language: "" as written, row)
MAX_TEXT = 50_000  # characters of a document indexed: a tsvector holds at most 1 MB, for every configuration
CHUNK = 1000  # documents read and written at a time by rebuild()


def indexed_doctype(model: type[models.Model]) -> DocType | None:
    """The doctype of ``model`` when its documents are in the index (web view and a route field)."""
    doctype = site.get_for_model(model)
    return doctype if doctype is not None and doctype.has_web_view and doctype.route_field else None


def update_search_entry(sender: Any, instance: Any = None, update_fields: Any = None, **kwargs: Any) -> None:
    """``post_save``: (re)write or remove the entry of a web-view document."""
    doctype = indexed_doctype(sender)
    if doctype is None or instance is None or not fulltext.enabled():
        return
    if update_fields and not set(update_fields) & set(_index_columns(doctype)):
        return  # a save of fields the search does not read
    if doctype.is_published(instance) and doctype.get_route(instance):
        row = {name: doctype.opts.get_field(name).value_from_object(instance) for name in _index_columns(doctype)}
        write_entries(doctype, with_translations(doctype, [(instance.pk, row)]))
    else:
        remove_entries(doctype, [instance.pk])


def note_indexed_page(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """``pre_save`` of a Web Page translation: the page it is saved under now (code may move it to
    another page, whose entry of it must go too)."""
    if instance is not None and instance.pk is not None and fulltext.enabled():
        instance._indexed_page_id = type(instance).objects.filter(pk=instance.pk).values_list("page_id", flat=True).first()


def update_translation_entries(sender: Any, instance: Any = None, origin: Any = None, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete`` of a Web Page translation: its page's translations' entries
    anew (a translation may have changed language, or page, or be gone), unless the page goes too
    (deleted alone or in a queryset)."""
    doctype = indexed_doctype(WebPage)
    if doctype is None or instance is None or not fulltext.enabled() or \
            isinstance(origin, WebPage) or getattr(origin, "model", None) is WebPage:
        return
    for page_id in {instance.page_id, getattr(instance, "_indexed_page_id", None)} - {None}:
        SearchEntry.objects.filter(doctype=doctype.name, object_id=str(page_id)).exclude(language="").delete()
        page = WebPage.objects.filter(pk=page_id).first()
        if page is not None:
            update_search_entry(WebPage, page)


def remove_search_entry(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """``post_delete``: the entry of a deleted web-view document goes too."""
    doctype = indexed_doctype(sender)
    if doctype is not None and instance is not None and fulltext.enabled():
        remove_entries(doctype, [instance.pk])


def with_translations(doctype: DocType, rows: list[tuple[Any, dict[str, Any]]]) -> list[Entry]:
    """The entries of ``(pk, row)``: each document as written and, for Web Pages, each of its
    translations (the row with the translation's texts, one query for all)."""
    entries = [(pk, "", row) for pk, row in rows]
    if not is_translated(doctype) or not rows:
        return entries
    by_pk = dict(rows)
    for text in translation_rows(list(by_pk)):
        entries.append((text["page_id"], text["language"], with_text(by_pk[text["page_id"]], text)))
    return entries


def write_entries(doctype: DocType, entries: list[Entry]) -> None:
    """Insert or update the entries ``(pk, language, row)`` (row: the :func:`_index_columns`
    values), each ``CHUNK`` in one statement that computes their vectors from the text it inserts
    (sent once, not once per configuration)."""
    connection = connections[SearchEntry.objects.db]
    _, configs = fulltext.vector_sql("", "")
    for start in range(0, len(entries), CHUNK):  # 5 parameters a row: far below 65,535 a statement
        batch = entries[start:start + CHUNK]
        params = [value for pk, language, row in batch for value in (
            doctype.name, str(pk), language, row_title(doctype, row)[:MAX_TEXT], row_text(doctype, row)[:MAX_TEXT])]
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(connection, len(batch)), [timezone.now(), *configs, *params])


def _upsert_sql(connection: Any, count: int) -> str:
    """PostgreSQL's ``INSERT ... SELECT ... FROM (VALUES ...) ON CONFLICT DO UPDATE`` of ``count`` entries."""
    quote = connection.ops.quote_name
    column = {name: quote(SearchEntry._meta.get_field(name).column)
              for name in ("doctype", "object_id", "language", "title", "text", "modified", "vector")}
    vector, _ = fulltext.vector_sql("v.title", "v.text")
    return (f"INSERT INTO {quote(SearchEntry._meta.db_table)} ({', '.join(column.values())}) "
            f"SELECT v.doctype, v.object_id, v.language, v.title, v.text, %s, {vector} "
            f"FROM (VALUES {', '.join(['(%s, %s, %s, %s, %s)'] * count)}) AS v (doctype, object_id, language, title, text) "
            f"ON CONFLICT ({column['doctype']}, {column['object_id']}, {column['language']}) DO UPDATE SET "
            + ", ".join(f"{column[name]} = EXCLUDED.{column[name]}" for name in ("title", "text", "modified", "vector")))


def remove_entries(doctype: DocType, pks: list[Any]) -> None:
    SearchEntry.objects.filter(doctype=doctype.name, object_id__in=[str(pk) for pk in pks]).delete()


def rebuild(doctype: DocType, chunk: int = CHUNK) -> int:
    """Index every published document of ``doctype`` with a route anew, ``chunk`` at a time (bounded
    memory), in one transaction (searches see the old entries until it commits); the count."""
    count = 0
    with transaction.atomic(using=SearchEntry.objects.db):
        SearchEntry.objects.filter(doctype=doctype.name).delete()
        for rows in _indexable_chunks(doctype, chunk):
            write_entries(doctype, with_translations(doctype, rows))
            count += len(rows)
    return count


def clear_except(names: list[str]) -> int:
    """Remove the entries of every doctype but these (no longer searched); the count removed."""
    return SearchEntry.objects.exclude(doctype__in=names).delete()[0]


def _indexable_chunks(doctype: DocType, chunk: int) -> Iterator[list[tuple[Any, dict[str, Any]]]]:
    """The indexable documents in primary-key order, ``chunk`` rows a query (keyset pagination)."""
    pk = doctype.opts.pk.name
    queryset = doctype.get_queryset().filter(**doctype.published_filter())
    queryset = queryset.exclude(**{f"{doctype.route_field}__isnull": True}).exclude(**{doctype.route_field: ""})
    columns = list(dict.fromkeys([pk, *_index_columns(doctype)]))
    last = None
    while True:
        page = queryset.order_by(pk) if last is None else queryset.filter(**{f"{pk}__gt": last}).order_by(pk)
        rows = list(page.values(*columns)[:chunk])
        if not rows:
            return
        last = rows[-1][pk]
        yield [(row[pk], row) for row in rows]


def _index_columns(doctype: DocType) -> list[str]:
    """What an entry is made of, and what a document's published state and route are read from."""
    return list(dict.fromkeys(name for name in (doctype.title_field or doctype.route_field, doctype.route_field,
                                                doctype.is_published_field, *searched_fields(doctype)) if name))
