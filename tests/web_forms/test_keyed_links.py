"""Keyed links (Frappe's Web Form Request): staff-made links with values, an expiry and a single use."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from django_frappe_web.models import WebFormRequest
from django_frappe_web.web_forms.keyed_links import KEY_FIELD, new_key
from tests.testapp.models import Article, Category

from .conftest import VALID_ARTICLE

pytestmark = pytest.mark.django_db

REQUESTS_ADD = "/admin/django_frappe_web/webformrequest/add/"


@pytest.fixture
def invite(article_form):
    Category.objects.create(name="News")
    return WebFormRequest.objects.create(web_form=article_form, key=new_key(), values={"title": "For Ada"},
                                         hidden_values={"status": "review", "category": "News"})


def test_the_link_fills_in_values_and_shows_hidden_ones_read_only(client, invite):
    response = client.get(f"/articles/new?key={invite.key}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="title" value="For Ada"' in html
    assert '<select name="status" disabled id="id_status">' in html
    assert f'<input type="hidden" name="{KEY_FIELD}" value="{invite.key}">' in html


def test_hidden_values_cannot_be_changed_and_the_link_is_used_once(client, invite):
    data = {**VALID_ARTICLE, "title": "Changed title", "status": "done", "category": "", KEY_FIELD: invite.key}
    response = client.post("/articles/new", data)
    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.title, article.status, article.category.name) == ("Changed title", "review", "News")
    invite.refresh_from_db()
    assert invite.used_at is not None and invite.response_name == "hello"

    again = client.post("/articles/new", {**data, "slug": "again"})
    assert again.status_code == 410 and "This link has been used already." in again.content.decode()
    assert client.get(f"/articles/new?key={invite.key}").status_code == 410
    assert Article.objects.count() == 1


def test_a_reusable_link_works_until_it_expires(client, invite):
    invite.single_use = False
    invite.expires_at = timezone.now() + datetime.timedelta(days=1)
    invite.save()
    for slug in ("one", "two"):
        assert client.post("/articles/new", {**VALID_ARTICLE, "slug": slug, KEY_FIELD: invite.key}).status_code == 200
    invite.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    invite.save()
    response = client.post("/articles/new", {**VALID_ARTICLE, "slug": "three", KEY_FIELD: invite.key})
    assert response.status_code == 410 and "This link has expired." in response.content.decode()
    assert Article.objects.count() == 2


@pytest.mark.parametrize("key", ["nope", "x" * 65, ""])
def test_a_wrong_key_is_not_found_and_saves_nothing(client, invite, key):
    assert client.get("/articles/new", {"key": key}).status_code == 404
    response = client.post("/articles/new", {**VALID_ARTICLE, KEY_FIELD: key})
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_key_of_another_form_is_not_found(client, invite, make_form):
    make_form("other")
    assert client.get(f"/other/new?key={invite.key}").status_code == 404


def test_an_invalid_submission_leaves_the_link_unused(client, invite):
    response = client.post("/articles/new", {"title": "", KEY_FIELD: invite.key})
    assert response.status_code == 417
    assert f'name="{KEY_FIELD}" value="{invite.key}"' in response.content.decode()
    invite.refresh_from_db()
    assert invite.used_at is None and Article.objects.count() == 0


def test_staff_create_a_link_in_the_admin(admin_client, article_form):
    response = admin_client.post(REQUESTS_ADD, {"web_form": article_form.pk, "email": "ada@example.com",
                                                "values": '{"title": "Hi"}', "hidden_values": '{"status": "done"}',
                                                "expires_at_0": "", "expires_at_1": "", "single_use": "on"})
    assert response.status_code == 302
    invite = WebFormRequest.objects.get()
    assert len(invite.key) >= 40 and invite.values == {"title": "Hi"} and invite.hidden_values == {"status": "done"}
    page = admin_client.get(f"/admin/django_frappe_web/webformrequest/{invite.pk}/change/").content.decode()
    assert f"/articles/new?key={invite.key}" in page


@pytest.mark.parametrize(("values", "hidden", "error"), [
    ('{"owner": 1}', "{}", "“owner” is not a field of the form."),
    ("[1]", "{}", "Write the values as a JSON object"),
    ("{}", '{"status": "secret"}', "“status”: Value &#x27;secret&#x27; is not a valid choice."),
    ("{}", '{"modified_by": 1}', "“modified_by” is not a field of Article a visitor may fill."),
])
def test_the_admin_refuses_values_that_cannot_work(admin_client, article_form, values, hidden, error):
    response = admin_client.post(REQUESTS_ADD, {"web_form": article_form.pk, "values": values, "hidden_values": hidden,
                                                "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert WebFormRequest.objects.count() == 0


def test_staff_email_the_links(admin_client, invite, mailoutbox):
    invite.email = "ada@example.com"
    invite.save()
    used = WebFormRequest.objects.create(web_form=invite.web_form, key=new_key(), email="bob@example.com",
                                         used_at=timezone.now())
    response = admin_client.post("/admin/django_frappe_web/webformrequest/",
                                 {"action": "send_links", "_selected_action": [str(invite.pk), str(used.pk)]})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["ada@example.com"] and mail.subject == "Articles"
    assert f"http://testserver/articles/new?key={invite.key}" in mail.body


def test_a_fixed_value_decides_conditions_whatever_is_posted(client, make_form):
    web_form = make_form("cond", fields=["title", "slug", "status", "views",
                                        {"fieldname": "body", "mandatory_depends_on": 'eval:doc.status=="review"'}])
    invite = WebFormRequest.objects.create(web_form=web_form, key=new_key(), hidden_values={"status": "review"})
    response = client.post("/cond/new", {**VALID_ARTICLE, "status": "draft", KEY_FIELD: invite.key})
    assert response.status_code == 417  # the link says review, so body is required
    assert Article.objects.count() == 0
