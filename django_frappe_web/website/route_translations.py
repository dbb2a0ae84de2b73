"""Translated routes: the one lookup of the document at a route in another language (a Web Page
translation's own route, or a :class:`~django_frappe_web.content_models.RouteTranslation` of any
other web-view document), a document's addresses in each of its languages, and its breadcrumbs in
a language.

The route translations are read once per process and version of their model (one query for all of
them, in both directions: route → document and document → routes); that version is read with
every cached page in its one round trip. A route translation's save or delete bumps its
document's topic (the document's pages in every language) and that of its route (a path that was
a 404 or a www page may be the translation now).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..content_models import RouteTranslation
from ..doctypes import DocType, site
from ..languages import for_language
from ..models import WebPage
from .alternates import is_site_language, language_paths, page_path
from .context import breadcrumbs
from .dependencies import current
from .documents import load_published
from .generation import document_topic, model_topic, route_topic
from .memo import VersionedMemo
from .page_translations import page_language_paths, text_in, translation_at
from .titles import route_title


@dataclass(frozen=True)
class RouteTable:
    """Every route translation, both ways."""

    at: dict[str, tuple[int, str, str]]  # route -> (content type id, object id, language)
    of: dict[tuple[int, str], dict[str, str]]  # (content type id, object id) -> {language: route}


_tables = VersionedMemo(maxsize=1)


def route_table() -> RouteTable:
    versions = current()
    stamp = versions.stamp(model_topic(RouteTranslation), record=False)
    with versions.quietly():
        return _tables.get_or_set(stamp, "table", _load_table)


def _load_table() -> RouteTable:
    at, of = {}, {}
    for route, content_type, object_id, language in RouteTranslation.objects.values_list(
            "route", "content_type_id", "object_id", "language"):
        at[route] = (content_type, object_id, language)
        of.setdefault((content_type, object_id), {})[language] = route
    return RouteTable(at, of)


def translated_route(route: str) -> tuple[DocType, Any, str] | None:
    """``(doctype, pk, language)`` of the document whose route in ``language`` is ``route``, if any.

    The page notes ``route:<route>`` (a translation moved to or from it bumps it)."""
    found = translation_at(route)
    if found is not None:
        return site.get_for_model(WebPage), found[0], found[1]
    entry = route_table().at.get(route)
    if entry is None or not is_site_language(entry[2]):
        return None
    model = ContentType.objects.get_for_id(entry[0]).model_class()
    doctype = site.get_for_model(model) if model is not None else None
    if doctype is None or not (doctype.has_web_view and doctype.route_field):
        return None
    return doctype, doctype.opts.pk.to_python(entry[1]), entry[2]


def document_routes(doctype: DocType, pk: Any) -> dict[str, str]:
    """``{language: route}`` of a (non Web Page) document's translated routes, the site's languages only."""
    content_type = ContentType.objects.get_for_model(doctype.model).pk
    routes = route_table().of.get((content_type, str(pk)), {})
    return {code: route for code, route in routes.items() if is_site_language(code)}


def own_route(doctype: DocType, instance: models.Model, language: str | None) -> str | None:
    """The document's own route in ``language``, if it has one (a Web Page translation's or a route translation's)."""
    if isinstance(instance, WebPage):
        text = text_in(instance, language)
        return text.route if text is not None else None
    return for_language(document_routes(doctype, instance.pk), language)


def document_language_paths(doctype: DocType, instance: models.Model, home: str) -> list[tuple[str, str]]:
    """``(hreflang, path)`` of every language of a document's page (alternates.py), or none."""
    if isinstance(instance, WebPage):
        return page_language_paths(instance, home)
    own = {code: f"/{quote(route)}" for code, route in document_routes(doctype, instance.pk).items()}
    return language_paths(page_path(getattr(instance, doctype.route_field) or "", home), own, own)


def sitemap_document_languages(doctype: DocType) -> dict[str, dict[str, str]]:
    """``{object id: {language: path}}`` of ``doctype``'s route translations, from the memoised table."""
    content_type = ContentType.objects.get_for_model(doctype.model).pk
    return {object_id: {code: f"/{quote(route)}" for code, route in routes.items()}
            for (type_id, object_id), routes in route_table().of.items() if type_id == content_type}


def breadcrumbs_in(route: str, language: str | None, user: Any) -> list[dict[str, str]]:
    """The breadcrumbs of the page at (original) ``route``, each parent at its address and under its
    title in ``language`` where it has them (a translation's own route and title)."""
    crumbs = []
    for crumb in breadcrumbs(route, lambda parent: route_title(parent, user)):
        found = load_published(crumb["route"][1:])
        if found is not None and found[0].has_permission("read", user, found[1]):
            doctype, instance = found
            text = text_in(instance, language) if isinstance(instance, WebPage) else None
            own = own_route(doctype, instance, language)
            crumb = {"route": f"/{quote(own)}" if own else crumb["route"], "title": text.title if text else crumb["title"]}
        crumbs.append(crumb)
    return crumbs


def route_translation_write_topics(instance: Any) -> list[str]:
    """A route translation's save or delete renews its document's pages and its route."""
    if instance is None or not instance.content_type_id:
        return []
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    topics = [document_topic(model, instance.object_id)] if model is not None else []
    return topics + ([route_topic(instance.route)] if instance.route else [])


def remove_route_translations(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_delete`` of a web-view document: its route translations go with it (a generic
    relation has no cascade), so their routes are free again."""
    content_type = ContentType.objects.get_for_model(sender)
    RouteTranslation.objects.filter(content_type=content_type, object_id=str(instance.pk)).delete()
