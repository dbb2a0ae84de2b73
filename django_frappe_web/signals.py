"""Signal handlers, connected in ``AppConfig.ready()``.

Saving or deleting anything that creates or changes a route (web pages, redirects,
web forms and their fields, the website settings, documents of doctypes with a web view) bumps the shared route
generation, which invalidates cached pages, 404s and redirect tables in every process.
Documents of web-view doctypes with ``auto_route_from_title`` get a route from their
title before they are saved (:mod:`.website.slugs`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

DISPATCH_PREFIX = "django_frappe_web.routes."


def invalidate_routes(sender: Any, **kwargs: Any) -> None:
    from .website.page_cache import bump_generation

    # After commit: another process must not rebuild from the old rows in between.
    transaction.on_commit(bump_generation)


def route_models() -> list:
    from .doctypes import site
    from .models import WebForm, WebFormField, WebPage, WebsiteLink, WebsiteRedirect, WebsiteSettings

    models = [WebsiteRedirect, WebPage, WebsiteSettings, WebsiteLink, WebForm, WebFormField]
    models += [doctype.model for doctype in site if doctype.has_web_view and doctype.model not in models]
    return models


def connect_handlers() -> None:
    from .doctypes import site
    from .website.slugs import fill_route_from_title

    for model in route_models():
        uid = f"{DISPATCH_PREFIX}{model._meta.label}"
        post_save.connect(invalidate_routes, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_routes, sender=model, dispatch_uid=uid)
    # Every web-view doctype: the handler reads ``auto_route_from_title`` when a document is saved.
    for doctype in site:
        if doctype.has_web_view and doctype.route_field:
            pre_save.connect(fill_route_from_title, sender=doctype.model,
                             dispatch_uid=f"django_frappe_web.slugs.{doctype.model._meta.label}")
    # Files: a deleted document takes its attachments along, a deleted File row its stored file.
    from .files.cleanup import connect_handlers as connect_file_handlers

    connect_file_handlers()


def invalidate_routes_after_migrate(sender: Any, **kwargs: Any) -> None:
    """A deploy (``migrate``) may change settings, hooks, www files or templates: drop cached pages."""
    from .website.page_cache import bump_generation

    bump_generation()
