"""Redirects that manage themselves: a web page or a web-view document that changes route leaves
a 301 from its old route, without chains or loops."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_frappe_web.models import WebPage, WebsiteRedirect
from tests.website.doc_pages import make_article

pytestmark = pytest.mark.django_db


def test_a_web_page_that_moves_leaves_a_redirect_from_its_old_route(client, commit):
    with commit():
        page = WebPage.objects.create(title="Team", route="about/team", main_section="The team")
    with commit():
        page.route = "people"
        page.save()
    response = client.get("/about/team")
    assert response.status_code == 301 and response["Location"] == "/people"
    assert client.get("/people").status_code == 200
    assert WebsiteRedirect.objects.count() == 1


def test_moving_again_points_the_older_redirects_at_the_new_route_and_moving_back_removes_its_rule(client, commit):
    with commit():
        page = WebPage.objects.create(title="Team", route="a", main_section="x")
    for route in ("b", "c"):
        with commit():
            page.route = route
            page.save()
    assert client.get("/a")["Location"] == "/c" and client.get("/b")["Location"] == "/c"  # no chain
    with commit():
        page.route = "a"
        page.save()
    assert client.get("/a").status_code == 200  # not hidden by its own old redirect (no loop)
    assert client.get("/c")["Location"] == "/a" and client.get("/b")["Location"] == "/a"


def test_a_document_that_moves_leaves_a_redirect_too(client, commit):
    with commit():
        article = make_article("first-name")
    old = article.route
    with commit():
        article.route = "articles/second-name"
        article.save()
    assert client.get(f"/{old}")["Location"] == "/articles/second-name"


def test_the_setting_turns_it_off_and_saves_that_keep_the_route_make_none(commit):
    page = WebPage.objects.create(title="Team", route="team", main_section="x")
    page.title = "Renamed"
    page.save()
    with override_settings(FRAPPE_WEB={"AUTO_REDIRECT_ON_ROUTE_CHANGE": False}):
        page.route = "elsewhere"
        page.save()
    assert not WebsiteRedirect.objects.exists()


def test_a_route_with_regex_characters_is_matched_literally(client, commit):
    with commit():
        page = WebPage.objects.create(title="Odd", route="v1.0/notes", main_section="x")
    with commit():
        page.route = "notes"
        page.save()
    assert client.get("/v1.0/notes")["Location"] == "/notes"
    assert client.get("/v1x0/notes").status_code == 404


def test_a_new_page_at_a_route_another_page_left_is_reachable(client, commit):
    with commit():
        page = WebPage.objects.create(title="About", route="about", main_section="old about")
    with commit():
        page.route = "about-us"
        page.save()
    assert client.get("/about")["Location"] == "/about-us"
    with commit():
        WebPage.objects.create(title="New about", route="about", main_section="the new about page")
    response = client.get("/about")
    assert response.status_code == 200 and "the new about page" in response.content.decode()
    assert not WebsiteRedirect.objects.filter(source__in=["about", "about/?"]).exists()
    assert client.get("/about-us").status_code == 200
