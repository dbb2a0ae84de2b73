"""Frappe's account API: ``frappe.core.doctype.user.user.sign_up``, ``reset_password`` and
``update_password``, answered as Frappe does (without its account enumeration)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client, override_settings

from tests.accounts.conftest import SIGNUP_ON, link_in
from tests.api.conftest import assert_frappe_error

METHOD = "/api/method/frappe.core.doctype.user.user"
NEW = "a-brand-new-phrase-9"


def call(client, name, **args):
    return client.post(f"{METHOD}.{name}", json.dumps(args), content_type="application/json")


def test_sign_up_answers_1_and_mails_a_link_to_choose_a_password(client, signup_on, mailoutbox):
    response = call(client, "sign_up", email="dan@example.com", full_name="Dan Brown", redirect_to="/about")
    assert response.status_code == 200
    assert response.json() == {"message": [1, "Please check your email for verification"]}
    user = get_user_model().objects.get()
    assert not user.is_active and not user.has_usable_password()
    link = link_in(mailoutbox[0])
    assert link.startswith("/update-password?key=") and link.endswith("&redirect-to=/about")
    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})
    assert (response.status_code, response["Location"]) == (302, "/about")
    user.refresh_from_db()
    assert user.is_active and user.check_password(NEW)  # choosing the password verified the address
    assert client.get(link).status_code == 400  # once


def test_sign_up_of_a_known_address_answers_the_same(client, signup_on, user, mailoutbox):
    response = call(client, "sign_up", email="alice@example.com", full_name="Alice")
    assert response.json() == {"message": [1, "Please check your email for verification"]}
    assert "already have an account" in mailoutbox[0].body
    assert get_user_model().objects.count() == 1


def test_sign_up_ignores_an_off_site_redirect(client, signup_on, mailoutbox):
    call(client, "sign_up", email="dan@example.com", full_name="Dan", redirect_to="https://evil.com/x")
    assert "evil" not in mailoutbox[0].body


def test_sign_up_is_forbidden_while_off(client, db, mailoutbox):
    response = call(client, "sign_up", email="dan@example.com", full_name="Dan")
    assert_frappe_error(response, 403, "PermissionError", "Sign Up is disabled")
    assert not get_user_model().objects.exists() and not mailoutbox


@pytest.mark.parametrize("args", [
    {"email": "not-an-email", "full_name": "Dan"}, {"email": "", "full_name": "Dan"},
    {"email": "dan@example.com", "full_name": ""}, {"full_name": "Dan"}, {"email": ["a@b.c"], "full_name": "Dan"},
    {"email": "dan@example.com", "full_name": {"first": "Dan"}}, {"email": "d\x00n@example.com", "full_name": "Dan"},
    {"email": "x" * 150 + "@example.com", "full_name": "Dan"}, {"email": "dan@example.com", "full_name": "D" * 151},
])
def test_sign_up_with_bad_input_is_a_417(client, signup_on, mailoutbox, args):
    response = call(client, "sign_up", **args)
    assert_frappe_error(response, 417, "ValidationError")
    assert not get_user_model().objects.exists() and not mailoutbox


def test_sign_up_needs_post(client, signup_on):
    assert client.get(f"{METHOD}.sign_up", {"email": "dan@example.com", "full_name": "Dan"}).status_code == 405


def test_a_thousand_sign_ups_from_one_address_are_throttled(client, signup_on, mailoutbox):
    statuses = [call(client, "sign_up", email=f"bot{n}@example.com", full_name="Bot").status_code for n in range(30)]
    assert statuses == [200] * 10 + [429] * 20
    assert get_user_model().objects.count() == 10


@pytest.mark.parametrize("name", ["alice@example.com", "alice", "nobody@example.com", "nobody", ""])
def test_reset_password_answers_the_same_for_known_and_unknown_users(client, user, mailoutbox, name):
    response = call(client, "reset_password", user=name)
    assert response.status_code == 200
    body = response.json()
    assert "message" not in body
    [message] = json.loads(body["_server_messages"])
    assert "If an account exists for this address" in json.loads(message)["message"]
    assert len(mailoutbox) == (1 if name in ("alice@example.com", "alice") else 0)


def test_reset_password_is_throttled(client, user, mailoutbox):
    statuses = [call(client, "reset_password", user="alice").status_code for _n in range(12)]
    assert statuses == [200] * 10 + [429] * 2
    assert len(mailoutbox) == 10


def test_update_password_with_a_key_logs_in_and_answers_the_home_page(client, user, mailoutbox):
    call(client, "reset_password", user="alice")
    key = link_in(mailoutbox[0]).split("key=")[1]
    response = call(client, "update_password", new_password=NEW, key=key)
    assert response.status_code == 200 and response.json() == {"message": "/me"}
    user.refresh_from_db()
    assert user.check_password(NEW) and client.session[SESSION_KEY] == str(user.pk)
    again = call(Client(), "update_password", new_password="another-phrase-11", key=key)
    assert again.status_code == 410
    assert again.json() == {"message": "The reset password link has either been used before or is invalid"}


def test_update_password_with_a_weak_password_is_a_417(client, user, mailoutbox):
    call(client, "reset_password", user="alice")
    key = link_in(mailoutbox[0]).split("key=")[1]
    assert_frappe_error(call(client, "update_password", new_password="123", key=key), 417, "ValidationError",
                        "This password is too short.")
    user.refresh_from_db()
    assert user.check_password("pw")


def test_update_password_with_the_old_password(client, user):
    client.force_login(user)
    wrong = call(client, "update_password", new_password=NEW, old_password="nope")
    assert_frappe_error(wrong, 401, "AuthenticationError", "Incorrect User or Password")
    response = call(client, "update_password", new_password=NEW, old_password="pw")
    assert response.json() == {"message": "/me"}
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/api/method/frappe.auth.get_logged_user").json() == {"message": "alice"}


def test_update_password_of_a_guest_without_a_key_is_a_401(client, db):
    assert_frappe_error(call(client, "update_password", new_password=NEW, old_password="pw"), 401,
                        "AuthenticationError")


def test_old_password_guesses_are_throttled(client, user):
    client.force_login(user)
    statuses = [call(client, "update_password", new_password=NEW, old_password="x").status_code for _n in range(11)]
    assert statuses == [401] * 10 + [429]


@override_settings(FRAPPE_WEB={**SIGNUP_ON, "SIGNUP_VERIFICATION": False})
def test_sign_up_without_verification_makes_an_active_account_that_chooses_its_password(client, db, mailoutbox):
    assert call(client, "sign_up", email="dan@example.com", full_name="Dan").json()["message"][0] == 1
    assert get_user_model().objects.get().is_active
    assert link_in(mailoutbox[0]).startswith("/update-password?key=")


@pytest.mark.parametrize("new_password", [["a-brand-new-phrase-9"], 12345678901234, {"p": "x"}])
def test_update_password_refuses_a_password_that_is_not_text(client, user, mailoutbox, new_password):
    call(client, "reset_password", user="alice")
    key = link_in(mailoutbox[0]).split("key=")[1]
    assert_frappe_error(call(client, "update_password", new_password=new_password, key=key), 417, "ValidationError",
                        "new_password must be text")
    user.refresh_from_db()
    assert user.check_password("pw")
