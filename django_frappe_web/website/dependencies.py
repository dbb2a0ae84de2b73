"""What a page depends on: the topics (:mod:`.generation`) it read while it was rendered.

The router gives each request one :class:`PageVersions`: the versions it read with its cached
page in one cache round trip, and the topics its page depends on. They are noted

* by every query the page runs while rendering (renderers, page controllers' ``frappe.get_list``
  or plain ORM, templates): the tables it names are matched against the models a page may
  show (:func:`page_models`), and their versions are read *before* the query runs, so a write
  committed meanwhile makes the stored page out of date, never the reverse;
* by the memos that answer without a query (website settings, route tables, memoised rows):
  they ask for the versions they were built from, which notes them too;
* by route lookups, which run their queries quietly and note only ``route:<route>``: a www page
  whose path no document claims survives writes to documents elsewhere.

A write bumps its model's topic and, for a web-view document, its route's (:mod:`..signals`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connections, models

from ..content_models import RouteTranslation, WebPageBlock, WebPageTranslation, WebsiteRouteMeta, WebTemplate
from ..doctypes import site
from ..models import WebForm, WebFormField, WebFormTranslation, WebPage, WebsiteLink, WebsiteRedirect, WebsiteSettings
from .generation import SITE, SITE_SLOT, model_topic, read_versions, slot_of


class PageVersions:
    """The versions one request read, and the slots the page it renders depends on."""

    def __init__(self, versions: dict[int, int] | None = None):
        self.versions: dict[int, int] = dict(versions or {})
        self.depends: set[int] = {SITE_SLOT}
        self.quiet = 0  # > 0 inside a route lookup: its queries are not dependencies

    def of(self, *topics: str, record: bool = True) -> tuple[int, ...]:
        """The versions of ``topics`` as this request knows them (read once, on first need),
        noted as dependencies of the page unless ``record`` is false."""
        slots = [slot_of(topic) for topic in topics]
        missing = [slot for slot in slots if slot not in self.versions]
        if missing:
            self.versions.update(read_versions(missing)[0])
        if record:
            self.depends.update(slots)
        return tuple(self.versions[slot] for slot in slots)

    def stamp(self, *topics: str, record: bool = True) -> tuple[int, ...]:
        """What a memo entry built now is checked against: ``site`` and ``topics``."""
        return self.of(SITE, *topics, record=record)

    def quietly(self) -> PageVersions:
        """``with versions.quietly():`` queries run in the block are not dependencies of the page
        (route lookups note their route instead). A plain object, not a generator: it runs on
        every routed request."""
        return self

    def __enter__(self) -> PageVersions:
        self.quiet += 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.quiet -= 1

    def dependencies(self) -> tuple[tuple[int, int], ...]:
        """``(slot, version)`` of everything the page read: what a cached copy is checked against."""
        return tuple(sorted((slot, self.versions[slot]) for slot in self.depends if slot in self.versions))

    # Django's execute_wrapper protocol: note the tables a query names before it runs.
    def __call__(self, execute, sql, params, many, context):
        if not self.quiet and isinstance(sql, str):
            topics = [topic for table, topic in table_topics() if table in sql]
            if topics:
                self.of(*topics)
        return execute(sql, params, many, context)


_current: contextvars.ContextVar[PageVersions | None] = contextvars.ContextVar("page_versions", default=None)


def current() -> PageVersions:
    """This request's versions; outside a routed request a fresh set (read again on each call)."""
    return _current.get() or PageVersions()


@contextlib.contextmanager
def activated(versions: PageVersions) -> Iterator[PageVersions]:
    """Make ``versions`` this request's, and note the tables every query in the block reads."""
    token = _current.set(versions)
    wrapped = [connections[alias] for alias in settings.DATABASES]
    for connection in wrapped:  # what Connection.execute_wrapper() does, without a context manager each
        connection.execute_wrappers.append(versions)
    try:
        yield versions
    finally:
        for connection in wrapped:
            connection.execute_wrappers.remove(versions)
        _current.reset(token)


# --- the models a page may show ---------------------------------------------------------


def page_models() -> set[type[models.Model]]:
    """The concrete models whose rows a cached page may show: the website's own models (web
    pages and their translations, redirects, web forms and their fields, the website settings and links), every
    registered doctype (list pages, web forms and ``frappe.get_list`` in page controllers read
    them), and every model a web-view doctype links to or that links to it (a blog post shows
    its category's name, its author, its child rows)."""
    found: set[type[models.Model]] = {WebsiteRedirect, WebPage, WebsiteSettings, WebsiteLink, WebForm, WebFormField,
                                      WebFormTranslation, WebTemplate, WebPageBlock, WebPageTranslation, RouteTranslation,
                                      WebsiteRouteMeta}
    for doctype in site:
        found.add(doctype.model._meta.concrete_model)
        if doctype.has_web_view:
            found |= linked_models(doctype.model)
    return found


def linked_models(model: type[models.Model]) -> set[type[models.Model]]:
    """Models ``model`` links to (foreign keys, one-to-one, many-to-many) and models linking to it."""
    linked = set()
    for field in model._meta.get_fields(include_hidden=True):
        related = getattr(field, "related_model", None)
        if field.is_relation and isinstance(related, type) and issubclass(related, models.Model):
            linked.add(related._meta.concrete_model)
        through = getattr(getattr(field, "remote_field", None), "through", None)
        if isinstance(through, type) and issubclass(through, models.Model):
            linked.add(through)
    return linked


class _Derived:
    """What this module derives from the doctype registry, recomputed when it changes."""

    changes = -1
    models: frozenset = frozenset()
    tables: tuple = ()
    routing: frozenset = frozenset()


def _derived() -> type[_Derived]:
    if site.changes != _Derived.changes:
        _Derived.models = frozenset(page_models())
        _Derived.tables = tuple(sorted((m._meta.db_table, model_topic(m)) for m in _Derived.models))
        # WebsiteRouteMeta: every page's head reads it (website/route_meta.py), 404s included.
        # WebPageTranslation, RouteTranslation, WebFormTranslation: the tables of translated routes
        # (website/page_translations.py, website/route_translations.py, web_forms/routes.py).
        topics = [SITE, *(model_topic(m) for m in (WebsiteRedirect, WebsiteSettings, WebsiteLink, WebForm, WebsiteRouteMeta,
                                                   WebPageTranslation, RouteTranslation, WebFormTranslation))]
        topics += [model_topic(d.model) for d in site if d.has_web_view and d.route_field]
        _Derived.routing = frozenset(slot_of(topic) for topic in topics)
        _Derived.changes = site.changes
    return _Derived


def shows_on_pages(sender: Any) -> bool:
    """Whether a page may show rows of ``sender`` (a model or an instance's class)."""
    meta = getattr(sender, "_meta", None)
    concrete = meta.concrete_model if meta is not None else sender
    return concrete in _derived().models


def table_topics() -> tuple[tuple[str, str], ...]:
    """``(table, topic)`` for every model a page may show."""
    return _derived().tables


def routing_slots() -> frozenset[int]:
    """The slots every routed request reads (redirect table, website settings, web form and
    document route tables): read with the cached page, so memos cost no further round trip."""
    return _derived().routing
