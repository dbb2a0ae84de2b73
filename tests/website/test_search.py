"""Site search: ``/search?q=`` over www pages, live Web Pages and the published documents of
web-view doctypes, highlighted and paged, one query per doctype whatever the number of results."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from django_frappe_web.models import WebPage
from tests.website.doc_pages import make_article, message, text

pytestmark = pytest.mark.django_db


def test_search_finds_web_pages_documents_and_www_pages_with_highlights(client, router_site):
    WebPage.objects.create(title="Gardening tips", route="tips", main_section="Water the <b>tomatoes</b> daily")
    make_article("tomato-story", title="A tomato story")
    make_article("hidden-tomato", title="Hidden tomato", published=False)
    response = client.get("/search?q=tomato")
    body = text(response)
    assert response.status_code == 200 and "X-From-Cache" not in response
    assert '<a href="/tips">Gardening tips</a>' in body and "Water the <mark>tomato</mark>es daily" in body
    assert '<a href="/articles/tomato-story">A <mark>tomato</mark> story</a>' in body
    assert "Hidden" not in body and "2 results" in body
    about = text(client.get("/search?q=about"))
    assert 'href="/about"' in about


def test_pages_not_live_are_not_found(client):
    now = timezone.now()
    WebPage.objects.create(title="Future sale", route="future", main_section="x", start_date=now + datetime.timedelta(days=1))
    WebPage.objects.create(title="Past sale", route="past", main_section="x", end_date=now - datetime.timedelta(days=1))
    WebPage.objects.create(title="Draft sale", route="draft", main_section="x", published=False)
    WebPage.objects.create(title="Live sale", route="live", main_section="x")
    body = text(client.get("/search?q=sale"))
    assert 'href="/live"' in body and "Future" not in body and "Past" not in body and "Draft" not in body


def test_results_are_paged(client):
    for number in range(25):
        make_article(f"paged-{number}", title=f"Paged {number}", days_ago=number)
    first = text(client.get("/search?q=paged"))
    assert first.count('class="search-result ') == 20 and "25 results" in first
    assert 'href="/search?q=paged&amp;page=2"' in first
    second = text(client.get("/search?q=paged&page=2"))
    assert second.count('class="search-result ') == 5 and 'rel="prev"' in second
    assert 'class="no-results"' in text(client.get("/search?q=paged&page=9"))


def test_search_runs_one_query_per_doctype_whatever_the_results(client, django_assert_max_num_queries):
    for number in range(30):
        make_article(f"many-{number}", title=f"Many {number}")
    client.get("/search?q=many")
    with django_assert_max_num_queries(3):  # Article, Web Page (and at most one more for the session)
        assert client.get("/search?q=many").status_code == 200


@pytest.mark.parametrize("query", ["", "   ", "%", "_", "' OR 1=1 --", "a & b | !c", "<script>alert(1)</script>", "x" * 10_000])
def test_odd_queries_are_plain_text_never_a_500(client, query):
    make_article("plain", title="Plain")
    response = client.get("/search", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in text(response)
    if query.strip() in ("%", "_"):
        assert "0 results" in text(response)  # LIKE wildcards are literal


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "9" * 20])
def test_a_bad_page_number_is_a_417(client, page):
    response = client.get("/search", {"q": "x", "page": page})
    assert response.status_code == 417 and "whole number" in message(response)


def test_the_search_as_json_with_scope_and_limit(client):
    WebPage.objects.create(title="Tomato tips", route="garden/tips", main_section="grow them")
    make_article("tomato-story", title="A tomato story")
    response = client.get("/api/method/frappe.search.web_search", {"query": "tomato"})
    assert response.status_code == 200
    found = response.json()["message"]
    assert {"title": "A tomato story", "path": "articles/tomato-story", "doctype": "Article",
            "content": ""} in found
    assert [r["path"] for r in client.get("/api/method/frappe.search.web_search",
                                          {"query": "tomato", "scope": "garden"}).json()["message"]] == ["garden/tips"]
    assert len(client.get("/api/method/frappe.search.web_search", {"query": "tomato", "limit": "1"}).json()["message"]) == 1
    assert client.get("/api/method/frappe.search.web_search", {"query": "x", "limit": "0"}).status_code == 417
    assert client.get("/api/method/frappe.search.web_search", {"query": "x" * 10_000}).status_code == 200


def test_a_link_among_the_search_fields_is_skipped_not_a_500(client, monkeypatch):
    from django_frappe_web.doctypes import site

    article = site.get("Article")
    monkeypatch.setattr(article, "search_fields", ["title", "category"])  # category links to a Category row
    make_article(title="Linked searching", slug="linked")
    response = client.get("/search?q=searching")
    assert response.status_code == 200 and 'href="/articles/linked"' in text(response)
    found = client.get("/api/method/frappe.search.web_search?query=searching")
    assert found.status_code == 200 and [row["title"] for row in found.json()["message"]] == ["Linked searching"]


def test_a_www_page_whose_controller_may_refuse_a_visitor_is_searched_only_when_it_asks(client, router_site):
    assert 'href="/members"' not in text(client.get("/search?q=members"))  # members.py refuses guests
    assert 'href="/about"' in text(client.get("/search?q=about"))  # no controller: always searched


def test_a_www_page_with_a_controller_that_asks_is_searched(client, tmp_path, fresh_www_index):
    from django.test import override_settings

    from tests.website.www_folders import write

    write(tmp_path / "team.md", "---\ntitle: Our team\nsearch: 1\n---\nThe marmalade makers.")
    write(tmp_path / "team.py", "def get_context(context):\n    context.size = 3\n")
    write(tmp_path / "secret.md", "The marmalade recipe.")
    write(tmp_path / "secret.py", "def get_context(context):\n    pass\n")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        body = text(client.get("/search?q=marmalade"))
    assert 'href="/team"' in body and 'href="/secret"' not in body
