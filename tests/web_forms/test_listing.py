"""The list of a user's responses with the columns chosen in the designer, sorted by them, in pages."""

from __future__ import annotations

import re

import pytest

from tests.testapp.models import Article, Category

from .test_admin import ADD_URL, errors_of, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed_form(make_form):
    return make_form("mine", login_required=True, show_list=True,
                     list_columns="status\ncategory\nviews\nowner\nnot_a_field",
                     fields=["title", "slug", "status", "category", {"fieldname": "views", "label": "Reads"}])


def titles(response) -> list[str]:
    return re.findall(r'<tr><td><a href="/mine/[^"]+">([^<]+)</a>', response.content.decode())


def test_the_list_shows_the_chosen_columns(client_alice, user, other_user, listed_form):
    news = Category.objects.create(name="News")
    Article.objects.create(title="First", slug="first", status="review", category=news, views=5, owner=user)
    Article.objects.create(title="Not mine", slug="theirs", owner=other_user)
    response = client_alice.get("/mine/list")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<th><a href="?sort=status">Status</a></th><th><a href="?sort=category">Category</a></th>' \
           '<th><a href="?sort=views">Reads</a></th></tr>' in html  # owner and unknown names left out
    assert '<tr><td><a href="/mine/first">First</a></td><td>Review</td><td>News</td><td>5</td></tr>' in html
    assert "Not mine" not in html


def test_a_column_sorts_both_ways_and_paging_keeps_it(client_alice, user, listed_form):
    for index in range(25):
        Article.objects.create(title=f"A{index:02}", slug=f"a{index}", views=index, owner=user)
    response = client_alice.get("/mine/list", {"sort": "views"})
    assert titles(response)[:2] == ["A00", "A01"]
    html = response.content.decode()
    assert '<th aria-sort="ascending"><a href="?sort=-views">Reads</a></th>' in html
    assert 'href="?page=2&amp;sort=views"' in html
    assert titles(client_alice.get("/mine/list", {"sort": "-views"}))[:2] == ["A24", "A23"]
    assert titles(client_alice.get("/mine/list", {"sort": "views", "page": "2"})) == ["A20", "A21", "A22", "A23", "A24"]


@pytest.mark.parametrize("sort", ["owner", "-owner__password", "password", "'; drop", ""])
def test_sorting_by_anything_else_keeps_the_usual_order(client_alice, user, listed_form, sort):
    Article.objects.create(title="Only", slug="only", owner=user)
    response = client_alice.get("/mine/list", {"sort": sort})
    assert response.status_code == 200 and titles(response) == ["Only"]


def test_the_designer_refuses_unknown_list_columns(admin_client):
    response = admin_client.post(ADD_URL, form_data(["title"], list_columns="status\nowner\nnope"))
    assert "Article has no field a list may show named owner, nope." in errors_of(response)
