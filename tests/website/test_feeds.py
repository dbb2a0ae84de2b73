"""RSS and Atom feeds per list route of a web-view doctype, linked from the list page's head."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from django_frappe_web.doctypes import site
from django_frappe_web.models import WebPage
from tests.website.doc_pages import make_article, no_page_cache, text

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_list_page_links_its_feeds(client):
    body = text(client.get("/Article"))
    assert '<link rel="alternate" type="application/rss+xml" title="Articles (RSS)" href="/Article/rss.xml">' in body
    assert 'type="application/atom+xml"' in body and 'href="/Article/atom.xml"' in body


def test_an_rss_feed_lists_the_newest_published_documents(client, monkeypatch):
    monkeypatch.setattr(site.get("Article"), "feed_description_field", "body")
    make_article("older", title="Older", days_ago=2, body="old <b>news</b>")
    make_article("newer", title="Newer & better", days_ago=1, body="fresh")
    make_article("unpublished", title="Unpublished", published=False)
    response = client.get("/Article/rss.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer & better", "Older"]
    assert items[0].findtext("link") == "http://testserver/articles/newer"
    assert items[1].findtext("description") == "old <b>news</b>"  # XML-escaped text, not markup
    assert items[0].findtext("pubDate")


def test_an_atom_feed_too(client):
    make_article("story", title="Story")
    response = client.get("/Article/atom.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Story"]


def test_a_feed_is_one_query_and_cached_for_guests(client, django_assert_num_queries):
    for number in range(25):
        make_article(f"n-{number}", days_ago=number)
    assert len(ET.fromstring(client.get("/Article/rss.xml").content).find("channel").findall("item")) == 20
    assert client.get("/Article/rss.xml")["X-From-Cache"] == "True"
    with no_page_cache():
        client.get("/Article/atom.xml")
        with django_assert_num_queries(1):
            assert client.get("/Article/atom.xml").status_code == 200


def test_a_doctype_without_a_date_has_no_feed(client):
    WebPage.objects.create(title="x", route="x", main_section="x")
    assert client.get("/Web Page/rss.xml").status_code == 404
    assert "application/rss+xml" not in text(client.get("/Web Page"))
    assert client.get("/Nothing/rss.xml").status_code == 404


def test_a_feed_of_a_doctype_guests_may_not_list_is_a_403(monkeypatch):
    monkeypatch.setattr(site.get("Article"), "allow_guest_to_view", False)
    assert Client().get("/Article/rss.xml").status_code == 403
