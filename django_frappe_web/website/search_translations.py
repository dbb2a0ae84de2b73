"""The site search in the visitor's language: a Web Page with a translation into the active
language is searched, and shown, as that translation (its title, content and description, at its
own route when it has one); a page without one as written. The same on both searches: the LIKE
fallback matches the translation's fields instead of the page's, and the full-text index keeps an
entry per translation, in its language, read instead of the original's (``fulltext.py``).

Only Web Pages have translations of their searched fields; every other doctype is searched as
written (a Route Translation moves a document, it does not translate it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from ..content_models import WebPageTranslation
from ..doctypes import DocType
from ..languages import for_language, language_codes
from ..models import WebPage
from ..translation_models import translatable_languages

TRANSLATED_FIELDS = ("title", "main_section", "description")  # a Web Page's searched fields a translation has


def search_languages() -> list[str]:
    """The languages whose translations the search reads for the active language (``de-at``, then
    ``de``, as the site lists them); none in the default language."""
    translatable = translatable_languages()
    return [code for code in language_codes(get_language()) if code in translatable]


def is_translated(doctype: DocType) -> bool:
    return doctype.model is WebPage


def in_shown_language(languages: list[str], original: Q, has_translation: Callable[[list[str]], Q],
                      in_language: Callable[[str], Q]) -> Q:
    """Each document searched in the one language it is shown in: ``original`` for those with no
    translation into any of ``languages``, else ``in_language(code)`` for the first code of
    ``languages`` they have one in (``de-at`` before ``de``)."""
    condition = original & ~has_translation(languages)
    for index, code in enumerate(languages):
        chosen = in_language(code)
        if index:
            chosen &= ~has_translation(languages[:index])
        condition |= chosen
    return condition


def like_condition(doctype: DocType, condition: Q, query: str, fields: list[str]) -> Q:
    """The LIKE search's ``condition`` (its own ``fields`` containing ``query``) in the visitor's
    language: a page with a translation into it matches by the translation's fields instead."""
    languages = search_languages()
    if not languages or not is_translated(doctype):
        return condition
    matching = Q()
    for name in (name for name in fields if name in TRANSLATED_FIELDS):
        matching |= Q(**{f"{name}__icontains": query})

    # Subqueries, not a join: a page is one row however many translations it has.
    def has_translation(codes: list[str]) -> Q:
        return Q(pk__in=WebPageTranslation.objects.filter(language__in=codes).values("page_id"))

    def in_language(code: str) -> Q:
        found = WebPageTranslation.objects.filter(matching, language=code) if matching else WebPageTranslation.objects.none()
        return Q(pk__in=found.values("page_id"))

    return in_shown_language(languages, condition, has_translation, in_language)


def in_visitors_language(doctype: DocType, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (with the primary key, route and searched fields) of pages with a translation into
    the active language showing it: its texts, and its own route when it has one (one query)."""
    languages = search_languages()
    if not languages or not is_translated(doctype) or not rows:
        return rows
    pk = doctype.opts.pk.name
    by_page: dict[Any, dict[str, dict[str, Any]]] = {}
    for text in WebPageTranslation.objects.filter(page_id__in=[row[pk] for row in rows], language__in=languages).values(
            "page_id", "language", "route", *TRANSLATED_FIELDS):
        by_page.setdefault(text["page_id"], {})[text["language"]] = text
    shown, language = [], get_language()
    for row in rows:
        text = for_language(by_page.get(row[pk], {}), language)  # the page's rule: de-at, else de
        shown.append(row if text is None else _translated_row(doctype, row, text))
    return shown


def with_text(row: dict[str, Any], text: dict[str, Any]) -> dict[str, Any]:
    """A page's ``row`` (the columns a search reads) with its translation's texts."""
    return {**row, **{name: text[name] for name in TRANSLATED_FIELDS if name in row}}


def _translated_row(doctype: DocType, row: dict[str, Any], text: dict[str, Any]) -> dict[str, Any]:
    translated = with_text(row, text)
    if text["route"]:
        translated[doctype.route_field] = text["route"]
    return translated


def translation_rows(page_ids: list[Any]) -> QuerySet:
    """The translations of these pages in a language of the site, as the index writes them:
    ``page_id``, ``language`` and the translated fields."""
    return WebPageTranslation.objects.filter(page_id__in=page_ids, language__in=list(translatable_languages())).values(
        "page_id", "language", *TRANSLATED_FIELDS)
