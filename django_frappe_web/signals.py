"""Signal handlers, connected in ``AppConfig.ready()``.

Saving or deleting anything that creates or changes a route (web pages, redirects,
the website settings, documents of doctypes with a web view) bumps the shared route
generation, which invalidates cached pages, 404s and redirect tables in every process.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

DISPATCH_PREFIX = "django_frappe_web.routes."


def invalidate_routes(sender: Any, **kwargs: Any) -> None:
    from .website.page_cache import bump_generation

    # After commit: another process must not rebuild from the old rows in between.
    transaction.on_commit(bump_generation)


def route_models() -> list:
    from .doctypes import site
    from .models import WebPage, WebsiteLink, WebsiteRedirect, WebsiteSettings

    models = [WebsiteRedirect, WebPage, WebsiteSettings, WebsiteLink]
    models += [doctype.model for doctype in site if doctype.has_web_view and doctype.model not in models]
    return models


def connect_handlers() -> None:
    for model in route_models():
        uid = f"{DISPATCH_PREFIX}{model._meta.label}"
        post_save.connect(invalidate_routes, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_routes, sender=model, dispatch_uid=uid)
