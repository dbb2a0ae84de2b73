"""Site search (``/search?q=``, Frappe's ``www/search.py``): www pages, then the published documents
of every web-view doctype this visitor may read (Web Pages included), by the fields each doctype
names in ``search_fields``; a Web Page in the visitor's language where it has a translation into
it (``search_translations.py``), and a www page as its source in that language (``about.de.md``).

Documents are found by PostgreSQL full-text search on PostgreSQL (``fulltext.py``: ranked, stemmed
in the active language, a GIN index kept by ``search_index.py``), and elsewhere (or with
``SEARCH_FULL_TEXT`` off) by the portable fallback here: a case-insensitive ``LIKE`` per field, one
query per doctype whatever the number of results (no query per result), at most ``PER_SOURCE``
results from each source. www pages are searched in memory on every database: their titles and
text, read once per file version.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language

from ..doctypes import DocType
from . import fulltext
from .controllers import page_option
from .documents import web_view_doctypes
from .search_results import SearchResult, findable, plain, result_columns, row_result, searched_fields
from .search_translations import in_visitors_language, like_condition
from .sources import read_source, title_from_filename
from .www_index import get_www_index

MAX_QUERY_LENGTH = 200  # longer queries are cut (a 10 KB LIKE is slow and finds nothing more)
PER_SOURCE = 200
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # NUL is refused by PostgreSQL; none is a search


def clean_query(value: Any) -> str:
    """The query as searched: control characters (NUL) as spaces, runs of space as one, at most
    ``MAX_QUERY_LENGTH`` characters."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(value or "")).split())[:MAX_QUERY_LENGTH].strip()


def search(query: str, user: Any) -> list[SearchResult]:
    """Every match, www pages first, then the documents: ranked by full-text search, or (the
    fallback) each doctype in registry order, each in its ``sort_field`` order."""
    if not query:
        return []
    results = list(_www_pages(query))
    if fulltext.enabled():
        return results + fulltext.search_documents(query, user)
    for doctype in web_view_doctypes():
        results.extend(like_documents(doctype, query, user))
    return results


def like_documents(doctype: DocType, query: str, user: Any) -> list[SearchResult]:
    """The fallback: ``doctype``'s documents ``user`` may find with ``query`` in a searched field."""
    fields = searched_fields(doctype)
    if not fields:
        return []
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    condition = like_condition(doctype, condition, query, fields)
    rows = findable(doctype, user).filter(condition).order_by(doctype.sort_field).values(*result_columns(doctype))
    return [row_result(doctype, row) for row in in_visitors_language(doctype, list(rows[:PER_SOURCE]))]


_www_text: dict[tuple[str, int], tuple[str, str]] = {}


def _www_pages(query: str) -> list[SearchResult]:
    needle, language, index = query.casefold(), get_language(), get_www_index()
    found = []
    for page in index.iter_pages():
        page = index.find_page(page.route, language) or page  # the source this visitor reads (about.de.md)
        if not _searchable(page):
            continue
        title, text = _page_text(page)
        if needle in title.casefold() or needle in text.casefold():
            found.append(SearchResult(title=title, url="/" + page.route if page.route else "/", text=text, kind="page"))
            if len(found) >= PER_SOURCE:
                break
    return found


def _searchable(page: Any) -> bool:
    """A page with a controller may refuse a visitor (``get_context`` raising PermissionError), which
    the search cannot know: its text is searched only when it asks (``search: 1``); others always."""
    return page.controller is None or bool(page_option(page, "search"))


def _page_text(page: Any) -> tuple[str, str]:
    try:
        key = (page.path, os.stat(page.path).st_mtime_ns)
        cached = _www_text.get(key)
        source = read_source(page) if cached is None else None  # itself cached by path, mtime and size
    except Exception:  # noqa: BLE001 - a broken page is left out of the results, as of the sitemap
        return "", ""
    if cached is None:
        title = str(source.front_matter.get("title") or title_from_filename(page.route))
        cached = (title, plain(TEMPLATE_CODE.sub(" ", source.body)))
        if len(_www_text) > 4096:
            _www_text.clear()
        _www_text[key] = cached
    return cached
