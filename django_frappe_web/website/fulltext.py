"""PostgreSQL full-text search over the search index (:class:`~..search_models.SearchEntry`).

The query is parsed by ``websearch_to_tsquery`` in the active language's text search
configuration (``FRAPPE_WEB["SEARCH_CONFIGS"]``): what a visitor types (quotes, ``or``, ``-``,
``&|!:*()<->``, SQL) is words and web-search operators, never tsquery syntax, so no query is an
error. Each document is searched in the visitor's language: a Web Page's entry of its translation
into it where it has one (``search_translations.py``). The index is read for ranked candidates
(one query, using the GIN index), then each doctype's documents this visitor may find among them
(one query per doctype that has candidates), so permissions, publishing and schedules are those of
the LIKE search, and no result costs a query.

Our own small expressions rather than ``django.contrib.postgres.search``: that module imports
psycopg, which a site on SQLite need not have (docs/decisions.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.utils import translation

from ..doctypes import DocType
from ..languages import for_language
from ..search_models import SearchEntry
from ..settings import web_settings
from .documents import web_view_doctypes
from .search_results import SearchResult, findable, result_columns, row_result
from .search_translations import in_shown_language, in_visitors_language, search_languages

CANDIDATES = 1000  # ranked matches read from the index per search; results are at most these


def enabled() -> bool:
    """Whether the site search uses (and keeps) the full-text index: PostgreSQL, unless turned off."""
    alias = router.db_for_read(SearchEntry)
    return bool(web_settings.SEARCH_FULL_TEXT) and connections[alias].vendor == "postgresql"


def configs() -> list[str]:
    """Every configuration the index is built with (each language's and the default), sorted."""
    return sorted({*web_settings.SEARCH_CONFIGS.values(), web_settings.SEARCH_DEFAULT_CONFIG})


def query_config(language: str | None = None) -> str:
    """The configuration of ``language`` (default: the active one), by its code or its base ``de``
    for ``de-at``; else ``SEARCH_DEFAULT_CONFIG``."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    mapping = {key.lower(): value for key, value in web_settings.SEARCH_CONFIGS.items()}
    return for_language(mapping, code) or web_settings.SEARCH_DEFAULT_CONFIG


def vector_sql(title_sql: str, text_sql: str) -> tuple[str, list[str]]:
    """``setweight(to_tsvector(c, title), 'A') || setweight(to_tsvector(c, text), 'B')`` for each
    configuration ``c``, over two SQL expressions: one vector that every language's query can
    match, titles ranked higher; and its parameters (the configurations)."""
    parts, params = [], []
    for config in configs():
        parts += [f"setweight(to_tsvector(%s::regconfig, {title_sql}), 'A')",
                  f"setweight(to_tsvector(%s::regconfig, {text_sql}), 'B')"]
        params += [config, config]
    return " || ".join(parts), params


class WebSearchQuery(models.Func):
    """``websearch_to_tsquery(config, query)``: Django's ``SearchQuery(search_type="websearch")``."""

    template = "websearch_to_tsquery(%(expressions)s)"
    arg_joiner = "::regconfig, "
    output_field = models.TextField()

    def __init__(self, query: str, config: str):
        super().__init__(models.Value(config), models.Value(query))


class Matches(models.Func):
    """``vector @@ query``, a condition the GIN index answers."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = models.BooleanField()


class Rank(models.Func):
    function = "ts_rank_cd"
    output_field = models.FloatField()


def ranked_candidates(query: str, limit: int = CANDIDATES) -> list[tuple[str, str]]:
    """``(doctype, object id)`` of the index's best matches of ``query``, best first (one query)."""
    return list(candidates_queryset(query, limit))


def candidates_queryset(query: str, limit: int = CANDIDATES) -> models.QuerySet:
    tsquery = WebSearchQuery(query, query_config())
    entries = SearchEntry.objects.filter(Matches(models.F("vector"), tsquery)).filter(_in_visitors_language())
    ranked = entries.annotate(rank=Rank(models.F("vector"), tsquery)).order_by("-rank", "pk")
    return ranked.values_list("doctype", "object_id")[:limit]


def _in_visitors_language() -> models.Q:
    """The entries the visitor's language reads: each translation into it, and the documents as
    written that have none (search_translations.py)."""
    languages = search_languages()
    if not languages:
        return models.Q(language="")

    def has_translation(codes: list[str]) -> models.Q:
        entries = SearchEntry.objects.filter(doctype=models.OuterRef("doctype"), object_id=models.OuterRef("object_id"),
                                             language__in=codes)
        return models.Q(models.Exists(entries))

    return in_shown_language(languages, models.Q(language=""), has_translation, lambda code: models.Q(language=code))


def search_documents(query: str, user: Any) -> list[SearchResult]:
    """The documents ``user`` may find among the ranked candidates, in rank order."""
    wanted: dict[str, dict[Any, int]] = {}
    doctypes = {doctype.name: doctype for doctype in web_view_doctypes()}
    for position, (name, object_id) in enumerate(ranked_candidates(query)):
        doctype = doctypes.get(name)
        key = _primary_key(doctype, object_id) if doctype is not None else None
        if key is not None:
            wanted.setdefault(name, {})[key] = position
    found: list[tuple[int, SearchResult]] = []
    for name, positions in wanted.items():
        found += _permitted(doctypes[name], positions, user)
    return [result for _, result in sorted(found, key=lambda pair: pair[0])]


def _permitted(doctype: DocType, positions: dict[Any, int], user: Any) -> list[tuple[int, SearchResult]]:
    pk = doctype.opts.pk.name
    rows = list(findable(doctype, user).filter(pk__in=list(positions)).values(*result_columns(doctype)))
    return [(positions[row[pk]], row_result(doctype, row)) for row in in_visitors_language(doctype, rows)]


def _primary_key(doctype: DocType, object_id: str) -> Any:
    try:
        return doctype.opts.pk.to_python(object_id)
    except Exception:  # noqa: BLE001 - a row left by a change of primary key type is no match
        return None

