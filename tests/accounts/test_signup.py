"""``/signup``: Django's validators, a verification e-mail, one answer for new and known
addresses, the honeypot and the throttle; ``/signup?key=`` activates once."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings

from django_frappe_web.models import WebsiteSettings
from tests.accounts.conftest import SIGNUP_ON, link_in, text

GOOD = {"email": "Carol@Example.com", "full_name": "Carol Jones", "password": "a-long-pass-phrase-7"}


def users():
    return get_user_model().objects


def test_signup_page_shows_the_form_in_the_base_template(client, signup_on):
    response = client.get("/signup")
    assert response.status_code == 200
    page = text(response)
    assert '<form method="post" action="/signup">' in page
    assert 'name="email"' in page and 'name="full_name"' in page and 'name="password"' in page
    assert 'name="website"' in page  # the honeypot
    assert 'class="navbar"' in page  # the site's base template
    assert "no-store" in response["Cache-Control"] and "X-From-Cache" not in response


def test_signup_is_a_404_while_it_is_off(client, db):
    assert client.get("/signup").status_code == 404
    assert client.post("/signup", GOOD).status_code == 404
    assert not users().exists()


def test_website_settings_disable_signup_closes_it(client, signup_on):
    WebsiteSettings(disable_signup=True).save()
    assert client.get("/signup").status_code == 404
    assert "/signup" not in text(client.get("/login"))


def test_the_login_page_links_to_signup_and_to_forgot_password(client, signup_on):
    page = text(client.get("/login"))
    assert '<a href="/signup">Sign up</a>' in page
    assert '<a href="/update-password">Forgot password?</a>' in page


def test_signup_creates_an_inactive_account_and_mails_its_verification_link(client, signup_on, mailoutbox):
    response = client.post("/signup", GOOD)
    assert response.status_code == 200
    assert "Please check your email for verification" in text(response)
    user = users().get()
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "carol@example.com", "carol@example.com", "Carol", "Jones")
    assert user.is_active is False and user.check_password(GOOD["password"])
    assert SESSION_KEY not in client.session
    [mail] = mailoutbox
    assert mail.to == ["carol@example.com"]
    assert mail.subject == "Verify your e-mail address for testserver"
    assert link_in(mail).startswith("/signup?key=")


def test_the_verification_link_activates_the_account_once(client, signup_on, mailoutbox):
    client.post("/signup", GOOD)
    link = link_in(mailoutbox[0])
    response = client.get(link)
    assert response.status_code == 200
    assert "E-mail address verified" in text(response)
    assert users().get().is_active is True
    replay = client.get(link)
    assert replay.status_code == 400
    assert "used before or is invalid" in text(replay)
    assert client.post("/login", {"username": "carol@example.com", "password": GOOD["password"]}).status_code == 302


@pytest.mark.parametrize("key", ["", "x", "a.b", "MQ.zzz-zzz", "." * 5, "MQ." + "a" * 300, "%00.1"])
def test_bad_verification_keys_are_a_400(client, db, key):
    response = client.get("/signup", {"key": key})
    assert response.status_code == 400
    assert "used before or is invalid" in text(response)


def test_a_known_address_gets_the_same_answer_and_an_already_registered_mail(client, signup_on, user, mailoutbox):
    response = client.post("/signup", {**GOOD, "email": "ALICE@example.com"})
    assert response.status_code == 200
    assert "Please check your email for verification" in text(response)
    assert users().count() == 1
    [mail] = mailoutbox
    assert mail.to == ["alice@example.com"]
    assert "already have an account" in mail.body and "/update-password" in mail.body


def test_an_account_never_verified_gets_a_link_again_that_sets_a_new_password(client, signup_on, mailoutbox):
    client.post("/signup", GOOD)
    client.post("/signup", GOOD)
    assert users().count() == 1
    assert [link_in(mail).split("=")[0] for mail in mailoutbox] == ["/signup?key", "/update-password?key"]
    assert client.get(link_in(mailoutbox[0])).status_code == 400  # the first link no longer works
    assert client.get(link_in(mailoutbox[1])).status_code == 200  # the set-password form


def test_a_password_chosen_by_someone_else_for_an_address_never_survives_its_verification(client, signup_on, mailoutbox):
    client.post("/signup", {**GOOD, "password": "the-attackers-pass-9"})  # not the owner of the address
    client.post("/signup", GOOD)  # the owner
    carol = users().get()
    assert not carol.check_password("the-attackers-pass-9") and not carol.has_usable_password()
    assert client.get(link_in(mailoutbox[0])).status_code == 400  # the attacker's link is dead too
    assert not users().get().is_active


@pytest.mark.parametrize(("field", "value", "error"), [
    ("email", "not-an-email", "Enter a valid email address."),
    ("email", "", "This field is required."),
    ("full_name", "", "This field is required."),
    ("password", "123", "This password is too short."),
    ("password", "carol@example.com", "The password is too similar to the email address."),
    ("password", "password", "This password is too common."),
])
def test_bad_input_shows_the_form_again_with_the_error(client, signup_on, mailoutbox, field, value, error):
    response = client.post("/signup", {**GOOD, field: value})
    assert response.status_code == 417
    page = text(response)
    assert error in page.replace("&#x27;", "'")
    assert 'value="Carol Jones"' in page or field == "full_name"
    assert GOOD["password"] not in page
    assert not users().exists() and not mailoutbox


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_is_done(client, signup_on, mailoutbox):
    response = client.post("/signup", {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "Please check your email for verification" in text(response)
    assert not users().exists() and not mailoutbox


def test_signups_from_one_address_are_throttled(client, signup_on, mailoutbox):
    for number in range(10):
        assert client.post("/signup", {**GOOD, "email": f"bot{number}@example.com"}).status_code == 200
    response = client.post("/signup", {**GOOD, "email": "bot10@example.com"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in text(response)
    assert users().count() == 10 and len(mailoutbox) == 10


def test_signup_does_not_use_up_the_logins_of_the_address(client, signup_on, user):
    for number in range(10):
        client.post("/signup", {**GOOD, "email": f"bot{number}@example.com"})
    assert client.post("/login", {"username": "alice", "password": "pw"}).status_code == 302


@override_settings(FRAPPE_WEB={**SIGNUP_ON, "SIGNUP_DEFAULT_GROUP": "Website User"})
def test_new_accounts_join_the_default_group(client, db):
    client.post("/signup", GOOD)
    assert list(users().get().groups.values_list("name", flat=True)) == ["Website User"]
    assert Group.objects.count() == 1


@override_settings(FRAPPE_WEB={**SIGNUP_ON, "SIGNUP_VERIFICATION": False})
def test_without_verification_the_account_is_active_and_logged_in_at_once(client, db, mailoutbox):
    response = client.post("/signup", {**GOOD, "redirect-to": "/about"})
    assert (response.status_code, response["Location"]) == (302, "/about")
    assert users().get().is_active
    assert client.session[SESSION_KEY] == str(users().get().pk)
    assert not mailoutbox


@override_settings(FRAPPE_WEB={**SIGNUP_ON, "SIGNUP_VERIFICATION": False})
def test_an_off_site_redirect_after_signup_is_ignored(client, db):
    response = client.post("/signup", {**GOOD, "redirect-to": "https://evil.com/"})
    assert response["Location"] == "/me"


def test_a_logged_in_user_is_sent_to_their_home_page(client, signup_on, user):
    client.force_login(user)
    response = client.get("/signup")
    assert (response.status_code, response["Location"]) == (302, "/me")


def test_signup_posts_need_the_csrf_token(signup_on):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/signup", GOOD)
    assert response.status_code == 403
    assert not users().exists()


def test_a_mail_server_that_fails_keeps_the_account_and_says_to_ask_an_administrator(client, signup_on, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.FailingBackend"
    response = client.post("/signup", GOOD)
    assert response.status_code == 200
    assert "ask your administrator" in text(response)
    assert users().count() == 1


def test_the_page_asked_for_is_kept_through_the_verification_link(client, signup_on, mailoutbox):
    client.post("/signup", {**GOOD, "redirect-to": "/docs/setup"})
    link = link_in(mailoutbox[0])
    assert link.endswith("&redirect-to=/docs/setup")
    assert 'href="/login?redirect-to=/docs/setup"' in text(client.get(link))


def test_an_off_site_page_is_not_carried_into_the_mail(client, signup_on, mailoutbox):
    client.post("/signup", {**GOOD, "redirect-to": "https://evil.com/"})
    assert "evil" not in mailoutbox[0].body
