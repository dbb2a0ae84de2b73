"""What both site searches share (the LIKE search in ``search.py``, the full-text one in
``fulltext.py``): a result, the published documents a visitor may find, a document's searchable
text, and the escaped snippets and highlights."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from ..doctypes import DocType
from .documents import document_url

SNIPPET_LENGTH = 200
MAX_TERMS = 20  # words of a query highlighted (a query is at most 200 characters)


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    text: str  # plain text the snippet is cut from
    kind: str  # "page" or the doctype's name

    def title_html(self, query: str) -> SafeString:
        return highlight(self.title, query)

    def snippet(self, query: str) -> SafeString:
        return highlight(cut_around(self.text, query), query)


def searched_fields(doctype: DocType) -> list[str]:
    """The doctype's ``search_fields`` that are fields it exposes and hold text of their own (a link
    names another row: searching it as text is an error of the database's)."""
    fields = ((name, doctype.get_field(name)) for name in (doctype.search_fields or []))
    return [name for name, field in fields if field is not None and not field.is_relation]


def findable(doctype: DocType, user: Any) -> models.QuerySet:
    """The documents ``user`` may find: permitted, published, with a route, live now."""
    queryset = doctype.get_permitted_queryset(user, published_only=True)
    return queryset.exclude(**{f"{doctype.route_field}__isnull": True}).exclude(**{doctype.route_field: ""})


def result_columns(doctype: DocType) -> list[str]:
    """The columns a result is made of: the primary key (a translation is found by it), then what
    :func:`row_result` reads (route, title, searched fields)."""
    return list(dict.fromkeys([doctype.opts.pk.name, doctype.route_field, doctype.title_field or doctype.route_field,
                               *searched_fields(doctype)]))


def row_result(doctype: DocType, row: dict[str, Any]) -> SearchResult:
    return SearchResult(title=row_title(doctype, row), url=document_url(doctype, None, row[doctype.route_field]),
                        text=row_text(doctype, row), kind=doctype.name)


def row_title(doctype: DocType, row: dict[str, Any]) -> str:
    return str(row[doctype.title_field or doctype.route_field] or "")


def row_text(doctype: DocType, row: dict[str, Any]) -> str:
    """The searched fields but the title, as plain text (what a snippet is cut from)."""
    return " ".join(plain(row[name]) for name in searched_fields(doctype) if name != doctype.title_field)


def plain(value: Any) -> str:
    return " ".join(strip_tags(str(value or "")).split())


def terms(query: str) -> list[str]:
    """The words of ``query``, longest first (so a longer word wins where two overlap); the query
    itself when it has none (``%``)."""
    words = sorted(set(re.findall(r"\w+", query)), key=lambda word: (-len(word), word))[:MAX_TERMS]
    return words or ([query] if query else [])


def cut_around(text: str, query: str) -> str:
    """About ``SNIPPET_LENGTH`` characters of ``text`` around the first match of a word of ``query``."""
    folded = text.casefold()
    found = [at for at in (folded.find(term.casefold()) for term in terms(query)) if at >= 0]
    at = min(found) if found else -1
    start = max(0, at - SNIPPET_LENGTH // 3) if at >= 0 else 0
    cut = text[start:start + SNIPPET_LENGTH]
    return ("…" if start else "") + cut + ("…" if start + SNIPPET_LENGTH < len(text) else "")


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with each match of a word of ``query`` (case-insensitive) in ``<mark>``."""
    words = terms(query)
    if not words:
        return escape(text)
    pattern = "(" + "|".join(re.escape(word) for word in words) + ")"
    parts = re.split(pattern, text, flags=re.IGNORECASE)
    return mark_safe("".join(f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)  # nosec B308 B703 # noqa: S308
                             for index, part in enumerate(parts)))
