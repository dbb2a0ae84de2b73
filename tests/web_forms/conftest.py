"""Web form fixtures: forms on the test app's Article (owner field) and Note (none)."""

from __future__ import annotations

import re

import pytest

from django_frappe_web.models import WebForm, WebFormField

ARTICLE_FIELDS = ["title", "slug", "status", "body", "category", "published_on", "rating", "views"]
VALID_ARTICLE = {"title": "Hello", "slug": "hello", "status": "draft", "views": "0"}


@pytest.fixture
def make_form(db):
    """``make_form(route, doctype="Article", fields=[...], **options)``: a published form with fields.

    A field is a fieldname or a dict of ``WebFormField`` values.
    """

    def make(route: str = "articles", doctype: str = "Article", fields=ARTICLE_FIELDS, **options) -> WebForm:
        options.setdefault("published", True)
        options.setdefault("title", route.replace("-", " ").title())
        web_form = WebForm.objects.create(route=route, doctype=doctype, **options)
        for order, field in enumerate(fields):
            values = {"fieldname": field} if isinstance(field, str) else field
            WebFormField.objects.create(web_form=web_form, ordering=order, **values)
        return web_form

    return make


@pytest.fixture
def article_form(make_form):
    """A public form on Article at /articles (several responses, no list/edit)."""
    return make_form("articles")


@pytest.fixture
def survey_form(make_form):
    """A login-required, single-response form at /survey with list, edit and delete."""
    return make_form("survey", login_required=True, allow_multiple=False, allow_edit=True, allow_delete=True,
                     show_list=True)


@pytest.fixture
def admin_client(superuser):
    """A test client logged in as a superuser, for the admin designer."""
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): ...`` runs on-commit callbacks (route invalidation) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def field_errors(response) -> dict[str, list[str]]:
    """The errors shown next to each field: ``{"title": ["This field is required."]}``."""
    html = response.content.decode()
    found = {}
    for name, items in re.findall(r'<ul class="errorlist" id="id_(\w+?)_error">(.*?)</ul>', html, re.S):
        found[name] = re.findall(r"<li>(.*?)</li>", items, re.S)
    return found


def non_field_errors(response) -> list[str]:
    html = response.content.decode()
    lists = re.findall(r'<ul class="errorlist nonfield">(.*?)</ul>', html, re.S)
    return [item for items in lists for item in re.findall(r"<li>(.*?)</li>", items, re.S)]
