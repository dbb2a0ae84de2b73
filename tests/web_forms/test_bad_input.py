"""Bad input on web form pages: the right status, a clear message, and the database unchanged."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from django_frappe_web.web_forms.fields import MAX_TEXT_LENGTH
from tests.testapp.models import Article

from .conftest import VALID_ARTICLE, field_errors

pytestmark = pytest.mark.django_db


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_of(client: Client, path: str) -> str:
    client.get(path)
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("token", [None, "wrong-token-wrong-token-wrong-token"])
def test_a_post_without_the_right_csrf_token_is_refused(article_form, token):
    client = csrf_client()
    client.get("/articles/new")  # sets the CSRF cookie
    data = {**VALID_ARTICLE, **({"csrfmiddlewaretoken": token} if token else {})}
    response = client.post("/articles/new", data)
    assert response.status_code == 403
    assert b"CSRF" in response.content
    assert Article.objects.count() == 0


def test_a_post_with_the_csrf_token_is_saved(article_form):
    client = csrf_client()
    token = token_of(client, "/articles/new")
    assert client.post("/articles/new", {**VALID_ARTICLE, "csrfmiddlewaretoken": token}).status_code == 200
    assert Article.objects.count() == 1


def test_edit_and_delete_are_csrf_protected(user, survey_form):
    Article.objects.create(title="Mine", slug="mine", owner=user)
    client = csrf_client(user)
    client.get("/survey/mine/edit")
    assert client.post("/survey/mine/edit", {**VALID_ARTICLE, "slug": "mine"}).status_code == 403
    assert client.post("/survey/mine/delete").status_code == 403
    assert Article.objects.get().title == "Mine"


def test_the_form_checks_csrf_even_without_the_middleware(article_form, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "django.middleware.csrf.CsrfViewMiddleware"]
    response = csrf_client().post("/articles/new", VALID_ARTICLE)
    assert response.status_code == 403
    assert Article.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_an_oversized_body_is_refused(client, article_form):
    response = client.post("/articles/new", {**VALID_ARTICLE, "body": "x" * 20_000})
    assert response.status_code == 413
    assert "A submission may have at most 10000 bytes." in response.content.decode()
    assert Article.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_an_oversized_body_is_refused_by_django_when_it_checks_csrf_first(article_form):
    client = csrf_client()
    token = token_of(client, "/articles/new")
    response = client.post("/articles/new", {**VALID_ARTICLE, "body": "x" * 20_000, "csrfmiddlewaretoken": token})
    assert response.status_code == 400  # Django's RequestDataTooBig, raised while reading the token
    assert Article.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=20)
def test_too_many_fields_are_refused(client, article_form):
    response = client.post("/articles/new", {**VALID_ARTICLE, **{f"junk{i}": "x" for i in range(30)}})
    assert response.status_code == 400
    assert "A submission may have at most 20 fields." in response.content.decode()
    assert Article.objects.count() == 0


def test_values_beyond_max_length_get_clear_errors(client, article_form):
    response = client.post("/articles/new", {**VALID_ARTICLE, "title": "t" * 201, "body": "b" * (MAX_TEXT_LENGTH + 1)})
    assert response.status_code == 417
    errors = field_errors(response)
    assert errors["title"] == ["Ensure this value has at most 200 characters (it has 201)."]
    assert errors["body"] == [f"Ensure this value has at most {MAX_TEXT_LENGTH} characters (it has {MAX_TEXT_LENGTH + 1})."]
    assert Article.objects.count() == 0


@pytest.mark.parametrize("name", ["x" * 1500, "%00", "a b", "-1", "..%2f"])
def test_odd_names_in_the_route_are_not_found(client_alice, survey_form, name):
    assert client_alice.get(f"/survey/{name}/edit").status_code == 404
    assert client_alice.post(f"/survey/{name}/edit", VALID_ARTICLE).status_code == 404
    assert Article.objects.count() == 0


def test_submissions_are_rate_limited_per_ip(client, article_form, settings):
    settings.FRAPPE_WEB = {"WEB_FORM_RATE_LIMIT": {"limit": 2, "seconds": 60}}
    assert client.post("/articles/new", VALID_ARTICLE).status_code == 200
    assert client.post("/articles/new", {"title": ""}).status_code == 417  # invalid ones count too
    response = client.post("/articles/new", {**VALID_ARTICLE, "slug": "third"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many submissions from your address. Please try again in" in response.content.decode()
    assert Article.objects.count() == 1
    other_ip = client.post("/articles/new", {**VALID_ARTICLE, "slug": "fourth"}, REMOTE_ADDR="10.0.0.2")
    assert other_ip.status_code == 200
    assert client.get("/articles/new").status_code == 200  # reading is never limited


def test_the_default_limit_is_ten_a_minute(client, article_form):
    statuses = [client.post("/articles/new", {"title": ""}).status_code for _ in range(11)]
    assert statuses == [417] * 10 + [429]


def test_a_broken_rate_limit_setting_is_named_in_the_log(client, article_form, settings, caplog):
    settings.FRAPPE_WEB = {"WEB_FORM_RATE_LIMIT": {"limit": 5, "seconds": 0}}
    assert client.post("/articles/new", VALID_ARTICLE).status_code == 500
    assert "FRAPPE_WEB['WEB_FORM_RATE_LIMIT'] must have a positive integer limit and seconds" in caplog.text
    assert Article.objects.count() == 0


def test_a_broken_multipart_body_is_refused(client, article_form):
    response = client.generic("POST", "/articles/new", b"garbage", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "The form data could not be read" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.parametrize("text", ["\ud800", "x\udfff"], ids=["lone high surrogate", "lone low surrogate"])
def test_accept_refuses_lone_surrogates_with_417(article_form, text):
    """JSON's "\\ud800" in ``data`` was PostgreSQL's UnicodeEncodeError, a 500."""
    from django_frappe_web.web_forms.accept import FRAPPE_PATH

    data = json.dumps({**VALID_ARTICLE, "title": text})  # the JSON escape: only the server's parser makes it
    response = Client().post(f"/api/method/{FRAPPE_PATH}", {"web_form": "articles", "data": data})
    assert response.status_code == 417 and response.json()["exc_type"] == "ValidationError"
    assert "is not allowed in data" in response.json()["exception"]
    assert not Article.objects.exists()

