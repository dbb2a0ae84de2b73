"""Fixtures and helpers shared by the document, list and print page tests.

Import the fixtures a module needs (``from tests.website.doc_pages import *`` imports them
all); nothing here is autouse, so other test modules are unaffected.
"""

from __future__ import annotations

import copy
import datetime
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client, override_settings

from django_frappe_web.doctypes import site
from django_frappe_web.website import page_cache
from tests.registry import replaced_doctype
from tests.testapp.models import Article, Category, Note

ROLES = ["guest", "user", "viewer", "superuser"]
TODAY = datetime.date(2024, 6, 1)


def text(response) -> str:
    return response.content.decode()


def main(response) -> str:
    """The page's ``<main>`` element, or the whole body for pages without one."""
    match = re.search(r'<main class="page-content">(.*?)</main>', text(response), re.S)
    return match.group(1).strip() if match else text(response)


def message(response) -> str:
    """The text of a message page (404/417/501 pages with their own message)."""
    match = re.search(r'<div class="message-body">(.*?)</div>', text(response), re.S)
    assert match, text(response)[:2000]
    return match.group(1).strip()


def no_page_cache(**extra):
    """Settings with the page cache off, so every request renders (and runs its queries)."""
    return override_settings(FRAPPE_WEB={"PAGE_CACHE_TIMEOUT": 0, **extra})


def templates_with_dir(path: Path) -> list[dict]:
    """The test TEMPLATES with a project template folder ``path`` searched first."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(path)]
    return templates


def write_template(root: Path, name: str, source: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)


@contextmanager
def doctype_options(model=Article, **options):
    """Register ``model`` with its doctype's options changed, for the duration of the block."""
    original_class = type(site.get_for_model(model))
    patched = type(f"Patched{original_class.__name__}", (original_class,), options)
    page_cache.bump_generation()  # nothing memoised under the old options survives
    try:
        with replaced_doctype(model, patched) as doctype:
            yield doctype
    finally:
        page_cache.bump_generation()


def grant(user, *codenames: str):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user)._default_manager.get(pk=user.pk)  # a fresh object: no stale permission cache


def make_article(slug: str, *, published=True, days_ago=0, **values) -> Article:
    values.setdefault("title", slug.replace("-", " ").title())
    values.setdefault("route", f"articles/{slug}")
    return Article.objects.create(slug=slug, published=published,
                                  published_on=TODAY - datetime.timedelta(days=days_ago), **values)


def bulk_articles(count: int, prefix: str = "bulk", **values) -> list[Article]:
    """``count`` published articles in one query (no signals), newest first by number."""
    rows = [
        Article(title=f"{prefix.title()} {i:03d}", slug=f"{prefix}-{i:03d}", route=f"{prefix}/{i:03d}", published=True,
                published_on=TODAY - datetime.timedelta(days=i), **values)
        for i in range(count)
    ]
    return Article.objects.bulk_create(rows)


@pytest.fixture
def news(db):
    return Category.objects.create(name="News")


@pytest.fixture
def viewer(db, django_user_model):
    """User "vera": may view articles and notes (Django's view permission), nothing else."""
    user = django_user_model.objects.create_user("vera", "vera@example.com", "pw")
    return grant(user, "view_article", "view_note")


@pytest.fixture
def client_as(db, user, viewer, superuser):
    """``client_as(role)``: a test client for "guest", "user" (no permissions), "viewer" or "superuser"."""
    users = {"user": user, "viewer": viewer, "superuser": superuser}

    def make(role: str) -> Client:
        client = Client()
        if role != "guest":
            client.force_login(users[role])
        return client

    return make


__all__ = [
    "ROLES", "TODAY", "Article", "Category", "Note", "bulk_articles", "client_as", "doctype_options",
    "grant", "main", "make_article", "message", "news", "no_page_cache", "templates_with_dir", "text", "viewer",
    "write_template",
]
