"""Signal handlers, connected in ``AppConfig.ready()``.

Saving or deleting anything a cached page may show bumps the route generation (in the
write's own transaction, see :mod:`.website.generation`), which invalidates cached pages,
404s, redirect tables and route memos in every process. What a page may show
(:func:`page_models`): the website's own models (web pages, redirects, web forms and their
fields, the website settings and links), every registered doctype (list pages, web forms and
``frappe.get_list`` in page controllers read them), and every model a web-view doctype links
to or that links to it (a blog post shows its category's name, its author, its child rows).

Documents of web-view doctypes with ``auto_route_from_title`` get a route from their
title before they are saved (:mod:`.website.slugs`).
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .doctypes import site
from .files.cleanup import connect_handlers as connect_file_handlers
from .models import RouteGeneration, WebForm, WebFormField, WebPage, WebsiteLink, WebsiteRedirect, WebsiteSettings
from .website.generation import bump_generation, bump_in_transaction
from .website.slugs import fill_route_from_title

DISPATCH_PREFIX = "django_frappe_web.routes."

# Saves limited to these fields change nothing a page shows: Django's auth writes them at each
# login (``update_last_login``, a password hash upgraded to the current hasher).
UNSHOWN_FIELDS = frozenset({"last_login", "password"})


def invalidate_routes(sender: Any, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete``: a new route generation if a page may show rows of ``sender``."""
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNSHOWN_FIELDS:
        return
    if shows_on_pages(sender):
        _bump()


def invalidate_relation(sender: Any, instance: Any, action: str, model: Any, **kwargs: Any) -> None:
    """``m2m_changed``: once a many-to-many relation changed, if a page may show either side."""
    if action.startswith("post_") and any(shows_on_pages(m) for m in (sender, type(instance), model)):
        _bump()


def _bump() -> None:
    # Bumped in the write's transaction (a committed write always carries it); the cache's copy
    # is dropped after commit, so another process never rebuilds from rows that may roll back.
    bump_in_transaction()


def page_models() -> set[type[models.Model]]:
    """The concrete models whose rows a cached page may show (see the module's docstring)."""
    found: set[type[models.Model]] = {WebsiteRedirect, WebPage, WebsiteSettings, WebsiteLink, WebForm, WebFormField}
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


_page_models: tuple[tuple, frozenset] = ((), frozenset())


def shows_on_pages(sender: Any) -> bool:
    """Whether a page may show rows of ``sender``; recomputed when the doctype registry changes."""
    global _page_models

    registry = tuple((id(doctype), doctype.has_web_view) for doctype in site)
    if registry != _page_models[0]:
        _page_models = (registry, frozenset(page_models()))
    meta = getattr(sender, "_meta", None)
    concrete = meta.concrete_model if meta is not None else sender
    return concrete in _page_models[1]


def connect_handlers() -> None:
    # Every sender: whether it matters is decided per save, so doctypes registered later count too.
    post_save.connect(invalidate_routes, dispatch_uid=f"{DISPATCH_PREFIX}save")
    post_delete.connect(invalidate_routes, dispatch_uid=f"{DISPATCH_PREFIX}delete")
    m2m_changed.connect(invalidate_relation, dispatch_uid=f"{DISPATCH_PREFIX}m2m")
    # Every web-view doctype: the handler reads ``auto_route_from_title`` when a document is saved.
    for doctype in site:
        if doctype.has_web_view and doctype.route_field:
            pre_save.connect(fill_route_from_title, sender=doctype.model,
                             dispatch_uid=f"django_frappe_web.slugs.{doctype.model._meta.label}")
    # Files: a deleted document takes its attachments along, a deleted File row its stored file.
    connect_file_handlers()


def invalidate_routes_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """A deploy (``migrate``) may change settings, hooks, www files or templates: drop cached pages."""
    if RouteGeneration._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back below 0003
    bump_generation()
