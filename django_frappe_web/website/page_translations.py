"""Web Pages in other languages (:class:`~django_frappe_web.content_models.WebPageTranslation`):
what a page shows in the active language, which translation a translated route is, and the
page's addresses in each of its languages.

A page's translations are read once per process and version of the page (one query for all of
them): a translation's save or delete bumps its page's topic (``doc:...``, which its cached pages
and memoised row depend on) and the topic of its route (a path that was a 404 or a www page may
be the translation now). The table of translated routes is read once per version of the
translations' model, which every routed request reads with its cached page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db import models

from ..content_models import WebPageTranslation
from ..models import WebPage
from ..translation_models import with_objects
from .alternates import is_site_language, language_paths, page_path, site_translation
from .dependencies import current
from .generation import document_topic, model_topic, route_topic
from .memo import VersionedMemo

FIELDS = ("language", "title", "route", "main_section", "description", "block_texts")


@dataclass(frozen=True)
class PageText:
    """A page's text in one language (a translation row, as memoised)."""

    language: str
    title: str
    route: str | None
    main_section: str
    description: str
    block_texts: dict[str, str]  # {original: translation} of the blocks' texts


_texts = VersionedMemo(maxsize=1024)  # page pk -> {language: PageText}
_routes = VersionedMemo(maxsize=1)  # "table" -> {translated route: (page pk, language)}


def translations_of(page: WebPage) -> dict[str, PageText]:
    """Every translation of ``page`` by language, read once per version of the page."""
    if page.pk is None:
        return {}
    versions = current()
    stamp = versions.stamp(document_topic(WebPage, page.pk))
    with versions.quietly():
        return _texts.get_or_set(stamp, page.pk, lambda: {
            row["language"]: PageText(**with_objects(row, "block_texts"))
            for row in WebPageTranslation.objects.filter(page_id=page.pk).values(*FIELDS)})


def text_in(page: WebPage, language: str | None) -> PageText | None:
    """``page``'s translation into ``language`` (``de-at``, else ``de``), if it has one."""
    return site_translation(translations_of(page), language) if language else None


def in_language(page: WebPage, text: PageText) -> WebPage:
    """``page`` (a copy of the memoised row: DocumentPage's own) showing ``text``, its blocks' texts included."""
    page.title, page.main_section, page.description = text.title, text.main_section, text.description
    page.block_texts = text.block_texts
    return page


def translation_at(route: str) -> tuple[Any, str] | None:
    """``(page pk, language)`` of the translation whose own route is ``route``, if any.

    The page notes ``route:<route>`` (a translation moved to or from it bumps it), as a document's does.
    """
    versions = current()
    versions.of(route_topic(route))
    stamp = versions.stamp(model_topic(WebPageTranslation), record=False)
    with versions.quietly():
        table = _routes.get_or_set(stamp, "table", lambda: {
            row_route: (page, language) for row_route, page, language
            in WebPageTranslation.objects.exclude(route=None).values_list("route", "page_id", "language")})
    found = table.get(route)
    return found if found is not None and is_site_language(found[1]) else None


def page_language_paths(page: WebPage, home: str) -> list[tuple[str, str]]:
    """``(hreflang, path)`` of every language of ``page`` (its original's route, as saved), or none."""
    texts = translations_of(page)
    own = {code: f"/{quote(text.route)}" for code, text in texts.items() if text.route}
    return language_paths(page_path(page.route, home), texts, own)


def sitemap_languages(pages: models.QuerySet, home: str) -> dict[str, list[tuple[str, str]]]:
    """``{page route: (hreflang, path) of its languages}`` of the translated pages among ``pages``, in one query."""
    own: dict[str, dict[str, str]] = {}
    for page_route, language, route in (WebPageTranslation.objects.filter(page__in=pages)
                                        .values_list("page__route", "language", "route")):
        own.setdefault(page_route, {})[language] = f"/{quote(route)}" if route else ""
    return {page_route: language_paths(page_path(page_route, home), languages, languages)
            for page_route, languages in own.items()}


def translation_write_topics(instance: Any) -> list[str]:
    """A translation's save or delete renews its page (and its memoised translations) and its route."""
    if instance is None:
        return []
    topics = [document_topic(WebPage, instance.page_id)] if instance.page_id else []
    return topics + ([route_topic(instance.route)] if instance.route else [])
