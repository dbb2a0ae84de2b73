"""Bad search input on /search and the JSON API (``frappe.search.web_search``): long queries, SQL
and full-text operators, empty or blank queries, NUL and other control characters. Never a 500, on
either search (PostgreSQL's full text, the LIKE fallback)."""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebPage
from tests.website.doc_pages import text

pytestmark = pytest.mark.django_db

API = "/api/method/frappe.search.web_search"
OPERATORS = ["&", "|", "!", ":", "*", "(", ")", "<", "-", ">", "<->", "'", '"', "OR", "-", "!!", ":*", "a:*",
             "tomato & | ! : * ( ) < - > ' \"", "(tomato", "tomato)", "tomato <-> sauce", "'tomato'",
             '"tomato', "tomato OR", "OR tomato", "-tomato", "tomato -", "!tomato", "tomato:*", "tomato:A",
             "\\", "tomato\\", "%", "_", "' OR 1=1 --", "'; DROP TABLE django_frappe_web_webpage; --",
             "tomato' UNION SELECT 1 --", "$$", "E'\\x00'", "ₜₒₘₐₜₒ", "🍅 tomato"]
BLANK = ["", " ", "   \t\n  ", "\u00a0", "\x00", "\x00\x00\x00"]
NUL = ["toma\x00to", "\x00tomato", "tomato\x00", "\x01\x02tomato\x1f"]


@pytest.fixture
def tomato(db):
    return WebPage.objects.create(title="Tomato sauce", route="tomato", main_section="Red tomato sauce")


@pytest.mark.parametrize("query", OPERATORS + BLANK + NUL + ["tomato " * 1500, "x" * 10_240, "& " * 5000])
def test_the_search_page_answers_every_query(client, tomato, query):
    response = client.get("/search", {"q": query})
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("query", OPERATORS + BLANK + NUL + ["tomato " * 1500, "x" * 10_240])
def test_the_json_api_answers_every_query(client, tomato, query):
    response = client.get(API, {"query": query})
    assert response.status_code == 200
    assert isinstance(response.json()["message"], list)
    posted = client.post(API, {"query": query})
    assert posted.status_code == 200, posted.content[:500]


@pytest.mark.parametrize("query", BLANK)
def test_a_blank_query_shows_the_form_and_finds_nothing(client, tomato, query):
    response = client.get("/search", {"q": query})
    assert 'class="search-result ' not in text(response) and "Tomato" not in text(response)
    assert client.get(API, {"query": query}).json()["message"] == []


@pytest.mark.parametrize("query", NUL[1:])
def test_control_characters_around_a_word_still_find_it(client, tomato, query):
    assert 'href="/tomato"' in text(client.get("/search", {"q": query}))


@pytest.mark.postgres  # the LIKE fallback searches "tomato:*" literally
@pytest.mark.parametrize("query", ["tomato:*", "(tomato)", "'tomato'", "🍅 tomato", "tomato OR", "tomato & !"])
def test_full_text_operators_around_a_word_still_find_it(client, tomato, query):
    assert 'href="/tomato"' in text(client.get("/search", {"q": query}))


def test_a_long_query_is_cut_and_still_searched(client, tomato):
    response = client.get("/search", {"q": "tomato " + "x" * 10_240})
    assert response.status_code == 200 and "0 results" in text(response)
    assert 'href="/tomato"' in text(client.get("/search", {"q": "tomato" + " " * 10_240}))


def test_markup_in_a_query_is_escaped_in_the_page(client, tomato):
    body = text(client.get("/search", {"q": '<script>alert(1)</script> "><img src=x onerror=alert(2)>'}))
    assert "<script>alert(1)" not in body and "<img src=x" not in body
