"""A route rule's arguments on a list page are route arguments, not the visitor's filters, and never
a 417 (issue 10, item 17c). One that names a filterable field narrows the list, as Frappe's list
does; a value that field cannot hold matches nothing."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from tests.website.doc_pages import *  # noqa: F403 - fixtures and helpers
from tests.website.doc_pages import Category, make_article, text

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, text(response)[:2000]
    return re.findall(r'<tr><td><a href="[^"]*">([^<]*)</a></td>', text(response))


def rules(*items):
    return override_settings(FRAPPE_WEB={"WEBSITE_ROUTE_RULES": list(items)})


@pytest.fixture
def articles():
    guides = Category.objects.create(name="Guides")
    make_article("a", title="A guide", category=guides, days_ago=1)
    make_article("b", title="Not a guide", days_ago=2)


def test_an_argument_that_is_not_a_field_is_a_route_argument_not_a_417(client, articles):
    with rules({"from_route": "/kb/<topic>", "to_route": "Article", "defaults": {"section": "kb"}}):
        response = client.get("/kb/anything")
    assert titles(response) == ["A guide", "Not a guide"]


def test_an_argument_that_names_a_field_still_narrows_the_list(client, articles):
    with rules({"from_route": "/kb/<category>", "to_route": "Article"}):
        assert titles(client.get("/kb/Guides")) == ["A guide"]


def test_a_value_the_field_cannot_hold_matches_nothing(client, articles):
    with rules({"from_route": "/by-views/<views>", "to_route": "Article"}):
        assert titles(client.get("/by-views/many")) == []
        assert titles(client.get("/by-views/0")) == ["A guide", "Not a guide"]


def test_an_argument_is_never_read_as_a_json_operator(client, articles):
    with rules({"from_route": "/kb/<path:title>", "to_route": "Article"}):
        assert titles(client.get('/kb/["like", "%"]')) == []


def test_the_visitors_own_filters_are_still_checked(client, articles):
    with rules({"from_route": "/kb/<topic>", "to_route": "Article"}):
        response = client.get("/kb/anything?nosuchfield=1")
    assert response.status_code == 417
