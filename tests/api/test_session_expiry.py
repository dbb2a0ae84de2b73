"""A session cookie that no longer logs anyone in: 401 ``SessionExpired`` on /api, never the guest's 403."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db

LOGIN_ONLY = "/api/method/frappe.auth.get_logged_user"


@pytest.fixture
def stale_client(client_alice):
    """Alice's browser after her session row was deleted on the server (expired and cleared, or logged out)."""
    Session.objects.all().delete()
    return client_alice


def assert_session_expired(response) -> dict:
    body = assert_frappe_error(response, 401, "SessionExpired", "Session expired")
    assert body["session_expired"] == 1
    assert response["WWW-Authenticate"]
    return body


def test_a_login_only_method_with_a_deleted_session_is_401_session_expired(stale_client):
    response = stale_client.get(LOGIN_ONLY)
    assert_session_expired(response)
    # The dead cookie is cleared, as Frappe clears its cookies: the next request is a plain guest's.
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 0
    assert_frappe_error(stale_client.get(LOGIN_ONLY), 403, "PermissionError")


def test_a_session_past_its_expiry_date_is_401(client_alice):
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert_session_expired(client_alice.get(LOGIN_ONLY))


def test_a_session_logged_out_in_another_browser_is_401(client_alice):
    other_browser = Client()
    other_browser.cookies[settings.SESSION_COOKIE_NAME] = client_alice.cookies[settings.SESSION_COOKIE_NAME].value
    other_browser.post("/api/method/logout")
    assert_session_expired(client_alice.get(LOGIN_ONLY))


def test_a_session_of_a_deactivated_user_is_401(client_alice, user):
    user.is_active = False
    user.save()
    assert_session_expired(client_alice.get(LOGIN_ONLY))


def test_a_document_read_refused_to_the_stale_session_is_401(stale_client, note):
    assert_session_expired(stale_client.get(f"/api/resource/Note/{note.pk}"))


def test_a_write_with_a_stale_session_is_401_not_a_csrf_error(stale_client):
    # The session no longer authenticates, so no CSRF check runs: the answer is "log in again".
    response = stale_client.post("/api/resource/Note", json.dumps({"title": "x"}), content_type="application/json")
    assert_session_expired(response)


def test_v2_says_so_in_its_own_envelope(stale_client):
    response = stale_client.get("/api/v2/method/frappe.auth.get_logged_user")
    assert response.status_code == 401
    body = response.json()
    assert body["errors"][0]["type"] == "SessionExpired" and body["session_expired"] == 1


def test_a_guest_method_still_answers_and_flags_the_expired_session(stale_client):
    # Frappe carries on as Guest and puts session_expired in the response.
    response = stale_client.get("/api/method/ping")
    assert response.status_code == 200
    assert response.json() == {"message": "pong", "session_expired": 1}


def test_a_guest_without_any_cookie_still_gets_403(db):
    body = assert_frappe_error(Client().get(LOGIN_ONLY), 403, "PermissionError")
    assert "session_expired" not in body
    assert Client().get("/api/method/ping").json() == {"message": "pong"}


def test_a_guest_session_that_never_logged_in_is_403(db):
    guest = Client()
    session = guest.session
    session["theme"] = "dark"
    session.save()
    guest.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    body = assert_frappe_error(guest.get(LOGIN_ONLY), 403, "PermissionError")
    assert "session_expired" not in body


def test_an_api_key_next_to_a_stale_cookie_is_the_user(stale_client, alice_key):
    row, secret = alice_key
    response = stale_client.get(LOGIN_ONLY, HTTP_AUTHORIZATION=f"token {row.api_key}:{secret}")
    assert response.status_code == 200 and response.json() == {"message": "alice"}


def test_a_permission_refusal_of_a_live_session_stays_403(client_alice, note):
    assert_frappe_error(client_alice.get(f"/api/resource/Note/{note.pk}"), 403, "PermissionError")


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.signed_cookies",
                                    "django.contrib.sessions.backends.cache",
                                    "django_frappe_web.cached_db_sessions"])
def test_every_session_backend_reports_a_dead_cookie(settings, user, engine):
    settings.SESSION_ENGINE = engine
    client = Client()
    client.force_login(user)
    assert client.get(LOGIN_ONLY).json() == {"message": "alice"}
    # A cookie no live session answers to: a forged or rotated signature, an evicted cache entry.
    client.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value[:-3] + "xyz"
    assert_session_expired(client.get(LOGIN_ONLY))


def test_logging_in_again_over_the_stale_cookie_answers_without_the_flag(stale_client):
    response = stale_client.post("/api/method/login", json.dumps({"usr": "alice", "pwd": "pw"}),
                                 content_type="application/json")
    assert response.status_code == 200 and response.json() == {"message": "No App", "home_page": "/me",
                                                                "full_name": "alice"}
    assert stale_client.get(LOGIN_ONLY).json() == {"message": "alice"}
