"""Who is calling: API keys (token and Basic), the session with CSRF, and what fails with 401."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from django.utils import timezone

from django_frappe_web.api_keys import create_api_key, hash_secret
from django_frappe_web.models import APIKey
from tests.testapp.models import Category

from .conftest import TokenClient, assert_frappe_error, csrf_token

pytestmark = pytest.mark.django_db
WHO = "/api/method/frappe.auth.get_logged_user"


def test_token_authenticates(alice_key):
    row, secret = alice_key
    assert TokenClient(row.api_key, secret).get(WHO).json() == {"message": "alice"}


def test_basic_authenticates(alice_key):
    row, secret = alice_key
    assert TokenClient(row.api_key, secret, scheme="basic").get(WHO).json() == {"message": "alice"}


def test_secret_is_stored_hashed(alice_key):
    row, secret = alice_key
    stored = APIKey.objects.get(pk=row.pk).api_secret
    assert secret not in stored and stored == hash_secret(secret)


@pytest.mark.parametrize("header", [
    "token wrong:secret",
    "token {key}:wrong",
    "token {key}",
    "token :",
    "token {key}:",
    "Basic !!!not-base64",
    "Basic " + base64.b64encode(b"alice:pw").decode(),  # a password is not an API secret
    "Basic " + base64.b64encode(b"\xff\xfe").decode(),
    "token " + "k" * 100 + ":" + "s" * 300,
    "token {key}\x00:x",
])
def test_wrong_credentials_are_401(alice_key, header, db_snapshot):
    row, _ = alice_key
    before = db_snapshot()
    response = Client().post("/api/resource/Category", json.dumps({"name": "X"}), content_type="application/json",
                             HTTP_AUTHORIZATION=header.format(key=row.api_key))
    assert_frappe_error(response, 401, "AuthenticationError")
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert db_snapshot() == before


def test_disabled_key_or_inactive_user_is_401(alice_key, user):
    row, secret = alice_key
    client = TokenClient(row.api_key, secret)
    APIKey.objects.filter(pk=row.pk).update(enabled=False)
    assert client.get(WHO).status_code == 401
    APIKey.objects.filter(pk=row.pk).update(enabled=True)
    user.is_active = False
    user.save()
    assert client.get(WHO).status_code == 401


def test_unknown_schemes_are_left_alone(client):
    # A Bearer token is not ours: the request is a guest's.
    response = client.get("/api/method/ping", HTTP_AUTHORIZATION="Bearer abc")
    assert response.json() == {"message": "pong"}


def test_last_used_is_kept_without_a_write_per_request(alice_key, django_assert_num_queries):
    row, secret = alice_key
    client = TokenClient(row.api_key, secret)
    client.get(WHO)
    first = APIKey.objects.get(pk=row.pk).last_used
    assert first is not None and (timezone.now() - first).total_seconds() < 5
    with django_assert_num_queries(1):  # the key lookup only: last_used is fresh
        client.get(WHO)


def test_token_request_needs_no_csrf_even_with_a_session(superuser):
    key, secret = create_api_key(superuser)
    client = TokenClient(key.api_key, secret)
    client.force_login(superuser)  # a session cookie too, and enforce_csrf_checks is on
    response = client.post_json("/api/resource/Category", {"name": "Tokens"})
    assert response.status_code == 200
    assert Category.objects.filter(name="Tokens").exists()


def test_session_write_needs_csrf(superuser, db_snapshot):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = db_snapshot()
    response = client.post("/api/resource/Category", json.dumps({"name": "NoToken"}), content_type="application/json")
    assert_frappe_error(response, 400, "CSRFTokenError")
    assert db_snapshot() == before


@pytest.mark.parametrize("header", ["HTTP_X_FRAPPE_CSRF_TOKEN", "HTTP_X_CSRFTOKEN"])
def test_session_write_with_csrf_header(superuser, header):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    token = csrf_token(client)
    response = client.post("/api/resource/Category", json.dumps({"name": "WithToken", "description": "d"}),
                           content_type="application/json", **{header: token})
    assert response.status_code == 200, response.content
    # The JSON body survived the CSRF check (it must not be consumed by it).
    assert Category.objects.get(name="WithToken").description == "d"


def test_session_form_post_with_csrf_field(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    token = csrf_token(client)
    response = client.post("/api/method/frappe.client.insert",
                           {"doc": json.dumps({"doctype": "Category", "name": "Form"}), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response.json()["message"]["name"] == "Form"


def test_session_reads_need_no_csrf(client_alice):
    assert client_alice.get(WHO).json() == {"message": "alice"}


def test_anonymous_posts_are_not_csrf_checked(db):
    assert Client(enforce_csrf_checks=True).post("/api/method/ping").json() == {"message": "pong"}
