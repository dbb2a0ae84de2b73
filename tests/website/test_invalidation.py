"""A cached guest page is invalidated when anything it shows changes, through links too: every
registered doctype, and every model a web-view doctype links to or that links to it."""

from __future__ import annotations

import pytest
from django.test import Client

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.website import page_cache
from django_frappe_web.website.generation import get_version, model_topic
from tests.registry import replaced_doctype
from tests.website.doc_pages import *  # noqa: F403 - fixtures and helpers
from tests.website.doc_pages import Category, Note, main, make_article

pytestmark = pytest.mark.django_db


def from_cache(response) -> str | None:
    return response.headers.get("X-From-Cache")


@pytest.fixture
def welcome(commit, news):
    """/articles/welcome, filed under News, rendered once and cached for guests."""
    with commit():
        make_article("welcome", title="Welcome", category=news)
    assert from_cache(Client().get("/articles/welcome")) == "False"
    assert from_cache(Client().get("/articles/welcome")) == "True"


def test_renaming_a_category_refreshes_the_articles_that_show_it(client, commit, news, welcome):
    with commit():
        news.name = "Announcements"
        news.save()
    response = client.get("/articles/welcome")
    assert from_cache(response) == "False"
    assert "<dt>Category</dt><dd>Announcements</dd>" in main(response)


def test_a_linked_model_that_is_no_doctype_refreshes_them_too(client, commit, news, welcome):
    with replaced_doctype(Category, None):
        with commit():
            news.name = "Press"
            news.save()
        response = client.get("/articles/welcome")
        assert from_cache(response) == "False"  # rendered again (an unregistered link shows its key)
        assert "<dd>News</dd>" not in main(response)


def test_deleting_a_linked_document_refreshes_the_page(client, commit, news, welcome):
    with commit():
        news.delete()
    assert "<dt>Category</dt>" not in main(client.get("/articles/welcome"))


def test_any_registered_doctype_has_its_version_bumped(commit):
    before = get_version(model_topic(Note))
    with commit():
        Note.objects.create(title="Read by a page controller's frappe.get_list")
    assert get_version(model_topic(Note)) > before


def test_a_login_keeps_the_cached_pages(client, commit, user, welcome):
    """Django writes ``last_login`` at each login: no page shows it."""
    with commit():
        assert Client().login(username="alice", password="pw")
    assert from_cache(client.get("/articles/welcome")) == "True"


def test_a_model_no_page_shows_keeps_the_cached_pages(client, commit, user, welcome):
    before = page_cache.get_generation()
    with commit():
        create_api_key(user)
    assert page_cache.get_generation() == before
    assert from_cache(client.get("/articles/welcome")) == "True"
