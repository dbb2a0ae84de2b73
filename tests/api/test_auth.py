"""login, logout and frappe.auth.get_logged_user."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from .conftest import assert_frappe_error, csrf_token

pytestmark = pytest.mark.django_db


def login(client, usr, pwd, as_json=True):
    if as_json:
        return client.post("/api/method/login", json.dumps({"usr": usr, "pwd": pwd}), content_type="application/json")
    return client.post("/api/method/login", {"usr": usr, "pwd": pwd})


def test_login_of_a_website_user_answers_no_app_and_starts_a_session(user):
    user.first_name, user.last_name = "Alice", "Liddell"
    user.save()
    client = Client(enforce_csrf_checks=True)
    response = login(client, "alice", "pw")
    assert response.status_code == 200
    # Frappe's answer to a Website User: no desk ("No App"), the portal (/me) as home page.
    assert response.json() == {"message": "No App", "home_page": "/me", "full_name": "Alice Liddell"}
    assert response.cookies[settings.SESSION_COOKIE_NAME].value
    assert response.cookies["user_id"].value == "alice"
    assert response.cookies["system_user"].value == "no"
    assert response.cookies["full_name"].value == "Alice%20Liddell"
    assert client.get("/api/method/frappe.auth.get_logged_user").json() == {"message": "alice"}


def test_login_with_form_fields_and_email(user):
    client = Client()
    assert login(client, "alice@example.com", "pw", as_json=False).json()["message"] == "No App"


def test_staff_home_page_is_the_admin(staff_user):
    response = login(Client(), "staff", "pw")
    assert response.json()["home_page"] == "/admin/" and response.cookies["system_user"].value == "yes"


def test_login_of_a_staff_user_answers_logged_in(staff_user):
    staff_user.first_name = "Stef"
    staff_user.save()
    response = login(Client(), "staff", "pw")
    assert response.json() == {"message": "Logged In", "home_page": "/admin/", "full_name": "Stef"}


@pytest.mark.parametrize("usr, pwd", [("alice", "wrong"), ("nobody", "pw"), ("", ""), ("alice", None),
                                      (["alice"], "pw"), ("a" * 300, "pw")])
def test_bad_credentials_are_401(user, usr, pwd):
    client = Client()
    response = client.post("/api/method/login", json.dumps({"usr": usr, "pwd": pwd}), content_type="application/json")
    body = assert_frappe_error(response, 401, "AuthenticationError", "Invalid login credentials")
    assert body["message"] == "Invalid login credentials"
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert_frappe_error(client.get("/api/method/frappe.auth.get_logged_user"), 403, "PermissionError")


def test_inactive_user_cannot_log_in(user):
    user.is_active = False
    user.save()
    assert login(Client(), "alice", "pw").status_code == 401


def test_logout_ends_the_session_and_clears_cookies(user):
    client = Client(enforce_csrf_checks=True)
    login(client, "alice", "pw")
    response = client.post("/api/method/logout", HTTP_X_FRAPPE_CSRF_TOKEN=csrf_token(client))
    assert response.status_code == 200 and response.json() == {}
    assert response.cookies["user_id"].value == ""
    assert client.get("/api/method/frappe.auth.get_logged_user").status_code == 403


def test_logout_as_guest_is_harmless(client):
    assert client.post("/api/method/logout").status_code == 200


def test_get_logged_user_with_api_key(alice_api):
    assert alice_api.get("/api/method/frappe.auth.get_logged_user").json() == {"message": "alice"}


def test_login_by_email_hashes_as_often_whether_or_not_the_address_exists(user):
    """An unknown e-mail address must not answer faster than a known one (no user enumeration by timing)."""
    from unittest import mock

    from django.contrib.auth.hashers import get_hasher

    hasher_class = type(get_hasher())
    counts = []
    for usr in ("alice@example.com", "nobody@example.com"):
        with mock.patch.object(hasher_class, "encode", autospec=True, side_effect=hasher_class.encode) as encode:
            assert login(Client(), usr, "wrong").status_code == 401
        counts.append(encode.call_count)
    assert counts[0] == counts[1], counts


def test_what_a_failed_login_records_is_kept(user):
    """Lockout tools (django-axes...) write on ``user_login_failed``: the 401 must not roll that back."""
    from django.contrib.auth.signals import user_login_failed

    from tests.testapp.models import Category

    def record(sender, credentials, **kwargs):
        Category.objects.create(name=f"failed:{credentials.get('username')}")

    user_login_failed.connect(record)
    try:
        assert login(Client(), "alice", "wrong").status_code == 401
    finally:
        user_login_failed.disconnect(record)
    assert Category.objects.filter(name="failed:alice").exists()
