"""Site search (``/search?q=``, Frappe's ``www/search.py``): www pages, then the published documents
of every web-view doctype this visitor may read (Web Pages included), by the fields each doctype
names in ``search_fields``.

The portable way, on every database: a case-insensitive ``LIKE`` per field, one query per doctype
whatever the number of results (no query per result), at most ``PER_SOURCE`` results from each
source. www pages are searched in memory: their titles and text, read once per file version.
PostgreSQL full-text search (ranking, stemming, a GIN index) is not used yet (docs/content.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from ..doctypes import DocType
from .documents import document_url, only_live, web_view_doctypes
from .sources import read_source, title_from_filename
from .www_index import get_www_index

MAX_QUERY_LENGTH = 200  # longer queries are cut (a 10 KB LIKE is slow and finds nothing more)
PER_SOURCE = 200
SNIPPET_LENGTH = 200
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)


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


def clean_query(value: Any) -> str:
    return " ".join(str(value or "").split())[:MAX_QUERY_LENGTH]


def search(query: str, user: Any) -> list[SearchResult]:
    """Every match, www pages first, then each doctype in registry order (each newest first)."""
    if not query:
        return []
    results = list(_www_pages(query))
    for doctype in web_view_doctypes():
        results.extend(_documents(doctype, query, user))
    return results


def _documents(doctype: DocType, query: str, user: Any) -> list[SearchResult]:
    fields = [name for name in (doctype.search_fields or []) if doctype.get_field(name) is not None]
    if not fields:
        return []
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    queryset = doctype.get_permitted_queryset(user, published_only=True).filter(condition)
    queryset = queryset.exclude(**{f"{doctype.route_field}__isnull": True}).exclude(**{doctype.route_field: ""})
    queryset = only_live(doctype, queryset)
    columns = list(dict.fromkeys([doctype.route_field, doctype.title_field or doctype.route_field, *fields]))
    rows = queryset.order_by(doctype.sort_field).values(*columns)[:PER_SOURCE]
    return [SearchResult(title=str(row[doctype.title_field or doctype.route_field] or ""),
                         url=document_url(doctype, None, row[doctype.route_field]),
                         text=" ".join(_plain(row[name]) for name in fields if name != doctype.title_field),
                         kind=doctype.name) for row in rows]


_www_text: dict[tuple[str, int], tuple[str, str]] = {}


def _www_pages(query: str) -> list[SearchResult]:
    needle = query.casefold()
    found = []
    for page in get_www_index().iter_pages():
        title, text = _page_text(page)
        if needle in title.casefold() or needle in text.casefold():
            found.append(SearchResult(title=title, url="/" + page.route if page.route else "/", text=text, kind="page"))
            if len(found) >= PER_SOURCE:
                break
    return found


def _page_text(page: Any) -> tuple[str, str]:
    try:
        key = (page.path, os.stat(page.path).st_mtime_ns)
        cached = _www_text.get(key)
        source = read_source(page) if cached is None else None  # itself cached by path, mtime and size
    except Exception:  # noqa: BLE001 - a broken page is left out of the results, as of the sitemap
        return "", ""
    if cached is None:
        title = str(source.front_matter.get("title") or title_from_filename(page.route))
        cached = (title, _plain(TEMPLATE_CODE.sub(" ", source.body)))
        if len(_www_text) > 4096:
            _www_text.clear()
        _www_text[key] = cached
    return cached


def _plain(value: Any) -> str:
    return " ".join(strip_tags(str(value or "")).split())


def cut_around(text: str, query: str) -> str:
    """About ``SNIPPET_LENGTH`` characters of ``text`` around the first match of ``query``."""
    at = text.casefold().find(query.casefold())
    start = max(0, at - SNIPPET_LENGTH // 3) if at >= 0 else 0
    cut = text[start:start + SNIPPET_LENGTH]
    return ("…" if start else "") + cut + ("…" if start + SNIPPET_LENGTH < len(text) else "")


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with each match of ``query`` (case-insensitive) in ``<mark>``."""
    if not query:
        return escape(text)
    parts = re.split(f"({re.escape(query)})", text, flags=re.IGNORECASE)
    return mark_safe("".join(f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)  # nosec B308 B703 # noqa: S308
                             for index, part in enumerate(parts)))
