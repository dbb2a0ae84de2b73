"""Signal handlers, connected in ``AppConfig.ready()``.

Saving or deleting a row a cached page may show (:func:`.website.dependencies.page_models`)
bumps the versions of its model and, for a web-view document, of its route (in the write's own
transaction, see :mod:`.website.generation`): the cached pages, redirect tables and route memos
that read them are dropped in every process, and no other.

Documents of web-view doctypes with ``auto_route_from_title`` get a route from their
title before they are saved (:mod:`.website.slugs`), and their entries in the full-text search
index follow their saves and deletes (:mod:`.website.search_index`).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save

from .content_models import RouteTranslation, WebPageTranslation
from .docstatus import ACTIONS
from .doctypes import site
from .files.cleanup import connect_handlers as connect_file_handlers
from .models import RouteGeneration, WebFormTranslation, WebPageBlock
from .web_forms.translations import translation_write_topics as form_translation_write_topics
from .website.blocks import block_write_topics
from .website.dependencies import shows_on_pages
from .website.generation import bump_generation, bump_in_transaction, document_topic, model_topic, route_topic
from .website.page_translations import translation_write_topics
from .website.route_moves import note_old_route, redirect_old_route
from .website.route_translations import remove_route_translations, route_translation_write_topics
from .website.search_index import (
    note_indexed_page,
    remove_search_entry,
    update_search_entry,
    update_translation_entries,
)
from .website.slugs import fill_route_from_title

DISPATCH_PREFIX = "django_frappe_web.routes."

# Saves limited to these fields change nothing a page shows: Django's auth writes them at each
# login (``update_last_login``, a password hash upgraded to the current hasher).
UNSHOWN_FIELDS = frozenset({"last_login", "password"})


def invalidate_routes(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete``: new versions of what a page may show of ``sender``'s row."""
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNSHOWN_FIELDS:
        return
    if shows_on_pages(sender):
        bump_in_transaction(write_topics(sender, instance))


def invalidate_relation(sender: Any, instance: Any, action: str, model: Any, **kwargs: Any) -> None:
    """``m2m_changed``: once a many-to-many relation changed, for each side a page may show."""
    if action.startswith("post_"):
        changed = [m for m in (sender, type(instance), model) if shows_on_pages(m)]
        if changed:
            bump_in_transaction(model_topic(m) for m in changed)


def write_topics(sender: Any, instance: Any) -> list[str]:
    """The model's topic, and for a web-view document its own and that of the route it is at now.

    The route it left needs no bump: what was cached there was this document's page, which
    depends on the document's topic.
    """
    topics = [model_topic(sender)]
    if sender is WebPageBlock:  # a block shows on its page only
        topics += block_write_topics(instance)
    if sender is WebPageTranslation:  # shows on its page, and may be a route of its own
        topics += translation_write_topics(instance)
    if sender is RouteTranslation:  # shows on its document's pages, and is a route of its own
        topics += route_translation_write_topics(instance)
    if sender is WebFormTranslation:  # may be a route of its own
        topics += form_translation_write_topics(instance)
    doctype = site.get_for_model(sender)
    if instance is not None and doctype is not None and doctype.has_web_view and doctype.route_field:
        topics.append(document_topic(sender, instance.pk))
        route = getattr(instance, doctype.route_field, None)
        if route:
            topics.append(route_topic(str(route).strip("/")))
    return topics


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
            # A moved document leaves a redirect behind (website/route_moves.py).
            post_init.connect(note_old_route, sender=doctype.model,
                             dispatch_uid=f"django_frappe_web.moves.{doctype.model._meta.label}")
            post_save.connect(redirect_old_route, sender=doctype.model,
                              dispatch_uid=f"django_frappe_web.moved.{doctype.model._meta.label}")
            # The full-text search index follows its documents (website/search_index.py).
            post_save.connect(update_search_entry, sender=doctype.model,
                              dispatch_uid=f"django_frappe_web.search.{doctype.model._meta.label}")
            post_delete.connect(remove_search_entry, sender=doctype.model,
                                dispatch_uid=f"django_frappe_web.unsearch.{doctype.model._meta.label}")
            # Its routes in other languages (website/route_translations.py) go with it.
            post_delete.connect(remove_route_translations, sender=doctype.model,
                                dispatch_uid=f"django_frappe_web.unroute.{doctype.model._meta.label}")
    # A Web Page's translations have entries of their own in the index (website/search_translations.py).
    pre_save.connect(note_indexed_page, sender=WebPageTranslation, dispatch_uid="django_frappe_web.search.translation_page")
    post_save.connect(update_translation_entries, sender=WebPageTranslation, dispatch_uid="django_frappe_web.search.translation")
    post_delete.connect(update_translation_entries, sender=WebPageTranslation,
                        dispatch_uid="django_frappe_web.unsearch.translation")
    # Files: a deleted document takes its attachments along, a deleted File row its stored file.
    connect_file_handlers()


def invalidate_routes_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """A deploy (``migrate``) may change settings, hooks, www files or templates: drop cached pages."""
    if RouteGeneration._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back below 0003
    bump_generation()


def create_docstatus_permissions(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate``: the ``submit_<model>`` and ``cancel_<model>`` permissions of every submittable doctype.

    Created after each app's migration, as Django's auth creates ``add_``/``change_``/...: a doctype
    made submittable later gets them at its next ``migrate``.
    """
    if not (apps.is_installed("django.contrib.auth") and apps.is_installed("django.contrib.contenttypes")):
        return
    from django.contrib.auth.models import Permission  # only when django.contrib.auth is installed
    from django.contrib.contenttypes.models import ContentType

    for doctype in site:
        if not doctype.is_submittable or (sender is not None and doctype.opts.app_config is not sender):
            continue
        content_type = ContentType.objects.db_manager(using).get_for_model(doctype.model)
        for action in ACTIONS:
            Permission.objects.db_manager(using).get_or_create(
                content_type=content_type, codename=f"{action}_{doctype.opts.model_name}",
                defaults={"name": f"Can {action} {doctype.opts.verbose_name_raw}"})
