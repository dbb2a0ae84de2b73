"""``accept``: the web form API for script clients -- the same rules as the pages, Frappe's envelope."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import resolve

from django_frappe_web import frappe
from django_frappe_web.exceptions import DoesNotExistError, DuplicateEntryError, PermissionError, ValidationError
from django_frappe_web.web_forms.accept import FRAPPE_PATH, accept
from django_frappe_web.whitelist import get_whitelisted
from tests.testapp.models import Article, Category

from .conftest import VALID_ARTICLE

pytestmark = pytest.mark.django_db

URL = f"/api/method/{FRAPPE_PATH}"


def call(user="Guest", **kwargs):
    with frappe.init(user=user):
        return accept(**kwargs)


# -- the function ------------------------------------------------------------------------


def test_accept_is_whitelisted_for_guests_at_frappes_path():
    entry = get_whitelisted(FRAPPE_PATH)
    assert entry.func is accept
    assert entry.allow_guest and entry.methods == ("POST",)


def test_a_guest_creates_a_response(article_form):
    result = call(web_form="articles", data=json.dumps({**VALID_ARTICLE, "doctype": "Article"}))
    assert result["doctype"] == "Article" and result["name"] == "hello"
    assert result["title"] == "Hello" and "owner" not in result
    assert Article.objects.get().owner is None


def test_data_may_be_an_object_already(article_form, user):
    Category.objects.create(name="News")
    result = call("alice", web_form="/articles/", data={**VALID_ARTICLE, "category": "News", "views": 3})
    article = Article.objects.get()
    assert (article.owner, article.category.name, article.views) == (user, "News", 3)
    assert result["category"] == "News"


def test_validation_errors_name_the_fields_and_save_nothing(article_form):
    with pytest.raises(ValidationError) as caught:
        call(web_form="articles", data={"title": "t" * 201, "slug": "bad slug", "status": "nope", "views": "1"})
    message = str(caught.value)
    assert "Title: Ensure this value has at most 200 characters (it has 201)." in message
    assert "Status: Select a valid choice." in message
    assert set(caught.value.field_errors) == {"title", "slug", "status"}
    assert Article.objects.count() == 0


def test_the_models_own_checks_apply(article_form):
    Article.objects.create(title="Taken", slug="hello")
    with pytest.raises(DuplicateEntryError, match="Article with this Slug already exists"):
        call(web_form="articles", data=VALID_ARTICLE)
    assert Article.objects.count() == 1


@pytest.mark.parametrize(("data", "message"), [
    ("[1, 2]", "data must be a JSON object, not list"),
    ("not json", "data must be a JSON object; it is not valid JSON"),
    ("null", "data must be a JSON object, not missing"),
    (42, "data must be a JSON object, not int"),
    ({"title": ["a", "list"]}, "data['title'] must be a string, number, boolean or null, not list"),
    ({"title": {"nested": 1}}, "not dict"),
])
def test_data_that_is_not_an_object_of_values(article_form, data, message):
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call(web_form="articles", data=data)
    assert Article.objects.count() == 0


def test_a_doctype_the_form_was_not_made_for(article_form):
    with pytest.raises(ValidationError, match="This web form is for Article, not Note"):
        call(web_form="articles", data={**VALID_ARTICLE, "doctype": "Note"})
    assert Article.objects.count() == 0


@pytest.mark.parametrize("name", ["missing", "draft", "", None, 5, "../etc"])
def test_unknown_or_unpublished_forms_are_not_found(make_form, name):
    make_form("draft", published=False)
    with pytest.raises(DoesNotExistError, match="Web Form"):
        call(web_form=name, data=VALID_ARTICLE)
    assert Article.objects.count() == 0


def test_fields_the_form_does_not_list_are_ignored(article_form, other_user):
    call(web_form="articles", data={**VALID_ARTICLE, "published": True, "owner": other_user.pk, "route": "x"})
    article = Article.objects.get()
    assert (article.published, article.owner, article.route) == (False, None, "")


def test_login_required(survey_form):
    with pytest.raises(PermissionError, match="You must log in to submit this form."):
        call(web_form="survey", data=VALID_ARTICLE)
    assert Article.objects.count() == 0


def test_a_single_response_form_takes_one_answer(survey_form, user):
    call("alice", web_form="survey", data=VALID_ARTICLE)
    with pytest.raises(DuplicateEntryError, match="You have already submitted this form."):
        call("alice", web_form="survey", data={**VALID_ARTICLE, "slug": "again"})
    assert Article.objects.count() == 1


def test_editing_changes_only_the_given_fields(survey_form, user):
    Article.objects.create(title="Before", slug="mine", owner=user, body="Kept", status="review")
    result = call("alice", web_form="survey", data={"title": "After"}, docname="mine")
    article = Article.objects.get()
    assert (article.title, article.body, article.status) == ("After", "Kept", "review")
    assert result["name"] == "mine"
    call("alice", web_form="survey", data={"name": "mine", "body": "Changed"})  # Frappe's data.name
    assert Article.objects.get().body == "Changed"


def test_editing_someone_elses_response_is_not_found(survey_form, user, other_user):
    Article.objects.create(title="Bob's", slug="bobs", owner=other_user)
    with pytest.raises(DoesNotExistError):
        call("alice", web_form="survey", data={"title": "Hijacked"}, docname="bobs")
    with pytest.raises(PermissionError, match="log in"):
        call(web_form="survey", data={"title": "Hijacked"}, docname="bobs")
    assert Article.objects.get().title == "Bob's"


def test_editing_needs_allow_edit(article_form, user):
    Article.objects.create(title="Mine", slug="mine", owner=user)
    with pytest.raises(PermissionError, match="This form does not allow editing responses."):
        call("alice", web_form="articles", data={"title": "Changed"}, docname="mine")
    assert Article.objects.get().title == "Mine"


def test_pages_and_api_share_the_rate_limit(client, article_form, settings):
    from django_frappe_web.exceptions import TooManyRequestsError

    settings.FRAPPE_WEB = {"WEB_FORM_RATE_LIMIT": {"limit": 1, "seconds": 60}}
    client.post("/articles/new", VALID_ARTICLE)
    request = client.get("/articles/new").wsgi_request  # the same IP as the test client's
    with frappe.init(user="Guest", request=request), pytest.raises(TooManyRequestsError, match="Too many submissions"):
        accept(web_form="articles", data={**VALID_ARTICLE, "slug": "second"})
    assert Article.objects.count() == 1


# -- over HTTP ---------------------------------------------------------------------------


@pytest.fixture
def api(db):
    if resolve(URL).url_name != "api-method":
        pytest.skip("/api/method is not routed yet (the REST API is being built)")
    return Client()


def test_http_creates_in_frappes_envelope(api, article_form):
    response = api.post(URL, {"web_form": "articles", "data": json.dumps(VALID_ARTICLE)})
    assert response.status_code == 200, response.content
    assert response.json()["message"]["name"] == "hello"
    assert Article.objects.count() == 1


def test_http_json_body(api, article_form):
    response = api.post(URL, {"web_form": "articles", "data": VALID_ARTICLE}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Article.objects.count() == 1


def test_http_validation_error(api, article_form):
    response = api.post(URL, {"web_form": "articles", "data": json.dumps({"title": ""})})
    assert response.status_code == 417
    body = response.json()
    assert body["exc_type"] == "ValidationError"
    messages = [json.loads(m)["message"] for m in json.loads(body["_server_messages"])]
    assert any("Title: This field is required." in m for m in messages)
    assert Article.objects.count() == 0


@pytest.mark.parametrize(("data", "status", "exc_type"), [
    ("[1]", 417, "ValidationError"),
    (json.dumps({**VALID_ARTICLE, "doctype": "Note"}), 417, "ValidationError"),
])
def test_http_bad_data(api, article_form, data, status, exc_type):
    response = api.post(URL, {"web_form": "articles", "data": data})
    assert (response.status_code, response.json()["exc_type"]) == (status, exc_type)
    assert Article.objects.count() == 0


def test_http_missing_arguments_and_unknown_forms(api, article_form):
    assert api.post(URL, {"data": "{}"}).status_code == 417
    response = api.post(URL, {"web_form": "nope", "data": "{}"})
    assert (response.status_code, response.json()["exc_type"]) == (404, "DoesNotExistError")


def test_http_login_required_and_single_response(api, survey_form, user):
    assert api.post(URL, {"web_form": "survey", "data": json.dumps(VALID_ARTICLE)}).status_code == 403
    api.force_login(user)
    assert api.post(URL, {"web_form": "survey", "data": json.dumps(VALID_ARTICLE)}).status_code == 200
    second = api.post(URL, {"web_form": "survey", "data": json.dumps({**VALID_ARTICLE, "slug": "again"})})
    assert (second.status_code, second.json()["exc_type"]) == (409, "AlreadyAnsweredError")
    assert Article.objects.count() == 1


def test_http_needs_post(api, article_form):
    response = api.get(URL, {"web_form": "articles", "data": json.dumps(VALID_ARTICLE)})
    assert response.status_code == 405
    assert Article.objects.count() == 0


def test_http_session_posts_need_the_csrf_token(article_form, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if resolve(URL).url_name != "api-method":
        pytest.skip("/api/method is not routed yet (the REST API is being built)")
    response = client.post(URL, {"web_form": "articles", "data": json.dumps(VALID_ARTICLE)})
    assert response.status_code in (400, 403)
    assert Article.objects.count() == 0


def test_http_rate_limit(api, article_form, settings):
    settings.FRAPPE_WEB = {"WEB_FORM_RATE_LIMIT": {"limit": 1, "seconds": 60}}
    api.post(URL, {"web_form": "articles", "data": json.dumps(VALID_ARTICLE)})
    response = api.post(URL, {"web_form": "articles", "data": json.dumps({**VALID_ARTICLE, "slug": "b"})})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert Article.objects.count() == 1
