"""``/update-password``: "forgot password" (one answer for every address, throttled), a reset
key (Django's token: once, not expired, its own user), and a logged-in user's change."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.conftest import link_in, text

NEW = "a-brand-new-phrase-9"


def ask_reset(client, email="alice@example.com"):
    return client.post("/update-password", {"email": email})


def test_a_guest_gets_the_forgot_password_form(client, db):
    response = client.get("/update-password")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Forgot password?</h1>" in page and 'name="email"' in page and 'name="csrfmiddlewaretoken"' in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("email", ["alice@example.com", "ALICE@example.com", "nobody@example.com", "", "bad",
                                   "x" * 300, "a\x00b@example.com"])
def test_forgot_password_answers_the_same_for_every_address(client, user, mailoutbox, email):
    response = ask_reset(client, email)
    assert response.status_code == 200
    assert "If an account exists for this address, password reset instructions have been sent to it." in text(response)
    assert len(mailoutbox) == (1 if email.lower() == "alice@example.com" else 0)


def test_the_reset_mail_links_to_update_password_with_a_key(client, user, mailoutbox):
    ask_reset(client)
    [mail] = mailoutbox
    assert mail.to == ["alice@example.com"] and mail.subject == "Password reset on testserver"
    assert link_in(mail).startswith("/update-password?key=")


def test_an_inactive_account_gets_no_reset_mail(client, user, mailoutbox):
    user.is_active = False
    user.save()
    assert ask_reset(client).status_code == 200
    assert not mailoutbox


def test_reset_requests_are_throttled(client, user, mailoutbox):
    for _attempt in range(10):
        assert ask_reset(client).status_code == 200
    response = ask_reset(client)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert len(mailoutbox) == 10


def test_the_key_sets_a_new_password_once_and_logs_in(client, user, mailoutbox):
    ask_reset(client)
    link = link_in(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert 'name="new_password1"' in text(page) and 'name="new_password2"' in text(page)
    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})
    assert (response.status_code, response["Location"]) == (302, "/me")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.session[SESSION_KEY] == str(user.pk)
    replay = Client().post(link, {"new_password1": "another-phrase-11", "new_password2": "another-phrase-11"})
    assert replay.status_code == 400 and "used before or is invalid" in text(replay)
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_an_expired_key_is_refused(client, user, mailoutbox, settings):
    ask_reset(client)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.post(link_in(mailoutbox[0]), {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password("pw")


def test_a_key_of_another_user_is_refused(client, user, other_user, mailoutbox):
    ask_reset(client, "bob@example.com")
    bob_token = link_in(mailoutbox[0]).split("key=")[1].split(".")[1]
    forged = f"{urlsafe_base64_encode(force_bytes(user.pk))}.{bob_token}"  # Alice's id, Bob's token
    response = client.post(f"/update-password?key={forged}", {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password("pw") and SESSION_KEY not in client.session


def test_a_weak_or_mismatched_new_password_shows_the_form_again(client, user, mailoutbox):
    ask_reset(client)
    link = link_in(mailoutbox[0])
    weak = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 417 and "This password is too short." in text(weak)
    mismatch = client.post(link, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert mismatch.status_code == 417 and "The two password fields" in text(mismatch).replace("&#x27;", "'")
    user.refresh_from_db()
    assert user.check_password("pw")
    assert client.post(link, {"new_password1": NEW, "new_password2": NEW}).status_code == 302  # the key still works


def test_a_logged_in_user_changes_their_password_and_stays_logged_in(client, user):
    client.force_login(user)
    assert 'name="old_password"' in text(client.get("/update-password"))
    wrong = client.post("/update-password", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 417 and "Your old password was entered incorrectly" in text(wrong)
    response = client.post("/update-password", {"old_password": "pw", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200 and "Your password has been changed." in text(response)
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/me").status_code == 200  # still logged in


def test_changing_the_password_ends_the_users_other_sessions(client, user):
    other = Client()
    other.force_login(user)
    client.force_login(user)
    client.post("/update-password", {"old_password": "pw", "new_password1": NEW, "new_password2": NEW})
    assert other.get("/me")["Location"] == "/login?redirect-to=/me"


def test_update_password_refuses_other_methods(client, db):
    assert client.put("/update-password").status_code == 405
