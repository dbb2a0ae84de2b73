"""``/login`` and ``/logout``: Django auth behind Frappe's pages, a ``redirect-to`` that only
allows this host, and CSRF enforced as a browser would meet it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

EVIL_TARGETS = [
    "//evil.com",
    "//evil.com/path",
    "https://evil.com",
    "http://evil.com/login",
    "/\\evil.com",
    "\\\\evil.com",
    "/\\/evil.com",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "https://testserver.evil.com/",
    "https:evil.com",
    "///evil.com",
]


def text(response) -> str:
    return response.content.decode()


def logged_in_as(client) -> str | None:
    return client.session.get(SESSION_KEY)


def hidden_redirect(response) -> str:
    match = re.search(r'<input type="hidden" name="redirect-to" value="([^"]*)">', text(response))
    assert match, text(response)
    return match.group(1)


# --- /login ------------------------------------------------------------------------------


def test_login_page(client, db):
    response = client.get("/login")
    assert response.status_code == 200
    page = text(response)
    assert "<title>Login</title>" in page
    assert '<form method="post" action="/login">' in page
    assert 'name="username"' in page and 'name="password"' in page and 'type="password"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "no-store" in response["Cache-Control"]  # never cached by a browser or a proxy
    assert "X-From-Cache" not in response
    assert hidden_redirect(response) == ""  # none asked for: the user's home page after login


def test_login_with_good_credentials(client, user):
    response = client.post("/login", {"username": "alice", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == "/me"  # a website user (not staff) lands on the portal
    assert logged_in_as(client) == str(user.pk)
    assert '<a href="/logout">Log out</a>' in text(client.get("/about"))


def test_login_sends_staff_to_the_site_root(client, user):
    user.is_staff = True
    user.save()
    response = client.post("/login", {"username": "alice", "password": "pw"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_login_rotates_the_session_key(client, user):
    client.get("/login")
    client.session.save()
    before = client.session.session_key
    client.post("/login", {"username": "alice", "password": "pw"})
    assert client.session.session_key != before


@pytest.mark.parametrize(
    ("password", "username"), [("wrong", "alice"), ("pw", "nobody"), ("", "alice"), ("pw", "")]
)
def test_login_with_bad_credentials(client, user, username, password):
    response = client.post("/login", {"username": username, "password": password})
    assert response.status_code == 401
    assert logged_in_as(client) is None
    page = text(response)
    assert '<form method="post" action="/login">' in page
    if username and password:
        assert "Please enter a correct username and password" in page
    if username:
        assert f'name="username" value="{username}"' in page  # what was typed is kept ...
    if password:
        assert f'value="{password}"' not in page  # ... except the password


def test_inactive_user_cannot_log_in(client, user):
    user.is_active = False
    user.save()
    response = client.post("/login", {"username": "alice", "password": "pw"})
    assert response.status_code == 401
    assert logged_in_as(client) is None


@pytest.mark.parametrize("field", ["redirect-to", "redirect_to", "next"])
def test_login_redirects_to_a_local_target(client, user, field):
    response = client.post("/login", {"username": "alice", "password": "pw", field: "/docs/usage?x=1"})
    assert (response.status_code, response["Location"]) == (302, "/docs/usage?x=1")


def test_login_redirect_to_from_the_query_string_goes_into_the_form(client, user):
    response = client.get("/login?redirect-to=/members")
    assert hidden_redirect(response) == "/members"
    response = client.post("/login?redirect-to=/members", {"username": "alice", "password": "pw"})
    assert response["Location"] == "/members"


def test_login_allows_an_absolute_url_on_this_host(client, user):
    response = client.post("/login", {"username": "alice", "password": "pw", "redirect-to": "http://testserver/about"})
    assert response["Location"] == "http://testserver/about"


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_login_refuses_off_site_redirects(client, user, target):
    response = client.post("/login", {"username": "alice", "password": "pw", "redirect-to": target})
    assert response.status_code == 302
    assert response["Location"] == "/me"  # a website user's home page
    assert logged_in_as(client) == str(user.pk)


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_login_form_never_carries_an_off_site_target(client, db, target):
    response = client.get("/login", {"redirect-to": target})
    assert response.status_code == 200
    assert hidden_redirect(response) == ""
    assert "evil.com" not in text(response) and "javascript:" not in text(response).lower()


def test_login_escapes_a_local_target_in_the_form(client, db):
    response = client.get("/login", {"redirect-to": '/a"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in text(response)
    assert hidden_redirect(response) == "/a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


def test_logged_in_user_visiting_login_is_sent_on(client_alice):
    response = client_alice.get("/login?redirect-to=/docs")
    assert (response.status_code, response["Location"]) == (302, "/docs")
    response = client_alice.get("/login?redirect-to=//evil.com")
    assert response["Location"] == "/me"


def test_login_refuses_other_methods(client, db):
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)("/login")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, POST"


# --- /logout -----------------------------------------------------------------------------


def test_logout_get_asks_for_confirmation_and_keeps_the_session(client_alice, user):
    response = client_alice.get("/logout")
    assert response.status_code == 200
    page = text(response)
    assert '<form method="post" action="/logout">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "no-store" in response["Cache-Control"]
    assert logged_in_as(client_alice) == str(user.pk)  # a link or an <img src=/logout> logs nobody out


def test_logout_post_logs_out(client_alice):
    response = client_alice.post("/logout")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert logged_in_as(client_alice) is None
    assert '<a href="/login">Log in</a>' in text(client_alice.get("/about"))


def test_logout_redirects_to_a_local_target_only(client_alice, user):
    assert client_alice.post("/logout", {"redirect-to": "/bye"})["Location"] == "/bye"
    client_alice.force_login(user)
    assert client_alice.post("/logout", {"redirect-to": "https://evil.com"})["Location"] == "/"
    client_alice.force_login(user)
    assert hidden_redirect(client_alice.get("/logout?redirect-to=//evil.com")) == "/"


def test_logout_of_a_guest_is_harmless(client, db):
    response = client.post("/logout")
    assert (response.status_code, response["Location"]) == (302, "/")


# --- CSRF --------------------------------------------------------------------------------


@pytest.fixture
def browser(db):
    """A client that enforces CSRF checks as a browser session meets them."""
    return Client(enforce_csrf_checks=True)


def csrf_token_of(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(response))
    assert match
    return match.group(1)


def test_login_post_without_csrf_token_is_refused(browser, user):
    response = browser.post("/login", {"username": "alice", "password": "pw"})
    assert response.status_code == 403
    assert logged_in_as(browser) is None


def test_login_post_with_a_wrong_csrf_token_is_refused(browser, user):
    browser.get("/login")
    response = browser.post("/login", {"username": "alice", "password": "pw", "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert logged_in_as(browser) is None


def test_login_post_with_the_form_csrf_token_works(browser, user):
    token = csrf_token_of(browser.get("/login"))
    response = browser.post("/login", {"username": "alice", "password": "pw", "csrfmiddlewaretoken": token})
    assert (response.status_code, response["Location"]) == (302, "/me")
    assert logged_in_as(browser) == str(user.pk)


def test_logout_post_without_csrf_token_is_refused(browser, user):
    browser.force_login(user)
    response = browser.post("/logout")
    assert response.status_code == 403
    assert logged_in_as(browser) == str(user.pk)


def test_logout_with_the_confirmation_form_token_works(browser, user):
    browser.force_login(user)
    token = csrf_token_of(browser.get("/logout"))
    response = browser.post("/logout", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert logged_in_as(browser) is None


def test_post_to_a_website_page_needs_a_csrf_token(browser):
    assert browser.post("/about").status_code == 403
    token = csrf_token_of(browser.get("/login"))
    assert browser.post("/about", {"csrfmiddlewaretoken": token}).status_code != 403


def test_the_logout_page_names_the_user_for_frappe_js(client_alice):
    assert '<meta name="frappe-user" content="alice">' in text(client_alice.get("/logout"))
