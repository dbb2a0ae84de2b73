"""A field the client did not send is not written: a new document keeps the model's default, an
edited one its stored value (issue 10, item 16). An unticked checkbox on the page is still "sent":
the form posts a hidden ``false`` under its name.

``Web Page.published`` is a Check whose model default is True; ``Article.status`` (Select,
default "draft") and ``Article.views`` (Int, default 0) are the other shapes.
"""

from __future__ import annotations

import json

import pytest

from django_frappe_web import frappe
from django_frappe_web.models import WebPage
from django_frappe_web.web_forms.accept import FRAPPE_PATH, accept
from tests.testapp.models import Article

pytestmark = pytest.mark.django_db

PAGE_FIELDS = ["title", "route", "main_section", "published"]


def call(user="Guest", **kwargs):
    with frappe.init(user=user):
        return accept(**kwargs)


@pytest.fixture
def page_form(make_form):
    return make_form("pages", doctype="Web Page", fields=PAGE_FIELDS)


# -- accept ------------------------------------------------------------------------------


def test_accept_leaves_an_unsent_check_field_at_the_models_default(page_form):
    call(web_form="pages", data=json.dumps({"title": "Hi", "route": "hi"}))
    assert WebPage.objects.get(route="hi").published is True


@pytest.mark.parametrize("sent, stored", [(False, False), (0, False), ("0", False), (True, True), (1, True)])
def test_accept_stores_a_sent_check_field_as_sent(page_form, sent, stored):
    call(web_form="pages", data={"title": "Hi", "route": "hi", "published": sent})
    assert WebPage.objects.get(route="hi").published is stored


def test_accept_leaves_unsent_select_and_int_fields_at_the_models_default(article_form):
    call(web_form="articles", data={"title": "Hello", "slug": "hello"})
    article = Article.objects.get()
    assert (article.status, article.views, article.published) == ("draft", 0, False)


def test_accept_still_needs_a_field_without_a_default(article_form):
    with pytest.raises(frappe.ValidationError, match="Slug: This field is required."):
        call(web_form="articles", data={"title": "Hello"})


def test_accept_over_http_leaves_an_unsent_check_at_its_default(client, page_form):
    response = client.post(f"/api/method/{FRAPPE_PATH}",
                           {"web_form": "pages", "data": json.dumps({"title": "Hi", "route": "hi"})})
    assert response.status_code == 200, response.content
    assert WebPage.objects.get(route="hi").published is True


def test_accept_edit_keeps_a_stored_check_field_that_was_not_sent(survey_form, user):
    Article.objects.create(title="Before", slug="mine", owner=user, published=True, views=5)
    call("alice", web_form="survey", data={"title": "After"}, docname="mine")
    article = Article.objects.get()
    assert (article.title, article.published, article.views) == ("After", True, 5)


# -- the page ----------------------------------------------------------------------------


def test_the_page_posts_false_for_an_unticked_checkbox(client, page_form):
    html = client.get("/pages/new").content.decode()
    hidden = '<input type="hidden" name="published" value="false">'
    assert hidden in html
    assert html.index(hidden) < html.index('type="checkbox" name="published"')


def test_a_page_post_without_the_field_keeps_the_models_default(client, page_form):
    response = client.post("/pages/new", {"title": "Hi", "route": "hi"})
    assert response.status_code == 200, response.content
    assert WebPage.objects.get(route="hi").published is True


def test_a_page_post_of_an_unticked_box_stores_false(client, page_form):
    client.post("/pages/new", {"title": "Hi", "route": "hi", "published": "false"})
    assert WebPage.objects.get(route="hi").published is False


def test_a_page_post_of_a_ticked_box_stores_true(client, page_form):
    client.post("/pages/new", {"title": "Hi", "route": "hi", "published": ["false", "on"]})
    assert WebPage.objects.get(route="hi").published is True


def test_a_page_edit_keeps_stored_values_that_were_not_sent(client_alice, user, survey_form):
    Article.objects.create(title="Before", slug="mine", owner=user, status="review", views=5, published=True)
    response = client_alice.post("/survey/mine/edit", {"title": "After"})
    assert response.status_code == 200, response.content
    article = Article.objects.get()
    assert (article.title, article.slug, article.status, article.views, article.published) == (
        "After", "mine", "review", 5, True)


def test_a_page_edit_can_untick_a_box(client_alice, user, make_form):
    make_form("flags", login_required=True, allow_edit=True, fields=["title", "slug", "published"])
    Article.objects.create(title="Before", slug="mine", owner=user, published=True)
    client_alice.post("/flags/mine/edit", {"title": "Before", "slug": "mine", "published": "false"})
    assert Article.objects.get().published is False
