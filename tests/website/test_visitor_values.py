"""The CSRF token is put into a page after the page cache: a guest page with a form is cached
(with a placeholder), and every visitor gets their own token, never another's."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory

from django_frappe_web.settings import web_settings
from django_frappe_web.website import page_cache
from django_frappe_web.website.visitor_values import placeholder

pytestmark = pytest.mark.usefixtures("router_site")


def token_in(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return match.group(1)


def stored_page(path: str):
    request = RequestFactory().get(path)
    return caches[web_settings.CACHE_ALIAS].get(page_cache.page_key(request, request.path_info))


def test_a_guest_page_with_a_form_is_cached_without_a_token():
    first = Client().get("/form")
    assert first["X-From-Cache"] == "False"
    stored = stored_page("/form")
    assert stored is not None
    assert placeholder().encode() in stored.content
    assert b"csrfmiddlewaretoken" in stored.content
    assert first.cookies["csrftoken"].value  # the visitor's cookie, set after the cache


def test_every_visitor_gets_their_own_token_from_the_cached_page():
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice.get("/form")
    response_a, response_b = alice.get("/form"), bob.get("/form")
    assert response_a["X-From-Cache"] == response_b["X-From-Cache"] == "True"
    token_a, token_b = token_in(response_a), token_in(response_b)
    assert placeholder() not in response_a.content.decode() + response_b.content.decode()
    # Each token matches its own visitor's cookie: Django's check accepts it, and not the other's.
    assert alice.post("/about", {"csrfmiddlewaretoken": token_a}).status_code == 200
    assert bob.post("/about", {"csrfmiddlewaretoken": token_b}).status_code == 200
    assert Client(enforce_csrf_checks=True).post("/about", {"csrfmiddlewaretoken": token_a}).status_code == 403
    carol = Client(enforce_csrf_checks=True)
    carol.get("/about")  # a cookie of her own
    assert carol.post("/about", {"csrfmiddlewaretoken": token_b}).status_code == 403


def test_a_logged_in_user_gets_a_real_token_and_no_cached_page(client, user):
    client.force_login(user)
    response = client.get("/form")
    assert "X-From-Cache" not in response
    assert placeholder() not in response.content.decode()
    assert '<meta name="csrf-token" content="' in response.content.decode()


def test_a_page_whose_code_asks_for_the_token_is_never_stored(client):
    # /counted's controller is plain; a controller calling get_token() would mark the request:
    # the page cache still refuses a page rendered after Django's get_token (CSRF_COOKIE_USED).
    from django.middleware.csrf import get_token

    request = RequestFactory().get("/about")
    request.user = type("Guest", (), {"is_authenticated": False})()
    get_token(request)
    assert page_cache._is_private(request, page_cache.HttpResponse("x"))


def test_the_placeholder_never_reaches_a_visitor_on_any_page(client):
    for path in ("/form", "/about", "/contact", "/no-such-page", "/login", "/update-password", "/signup"):
        for _attempt in range(2):
            assert placeholder() not in client.get(path).content.decode()


def test_a_guests_stored_page_carries_the_guests_name_and_says_it_varies_by_cookie():
    Client().get("/form")
    stored = stored_page("/form")
    assert placeholder("user").encode() not in stored.content  # filled in when stored, not on each hit
    assert b"Guest" in stored.content
    assert ("Vary", "Cookie, Accept-Language") in stored.headers and ("Content-Language", "en") in stored.headers


def test_a_cookieless_guests_cache_hit_never_loads_the_user(client, monkeypatch):
    from django.contrib import auth

    loaded = []
    real_get_user = auth.get_user
    monkeypatch.setattr(auth, "get_user", lambda request: loaded.append(request.path) or real_get_user(request))
    Client().get("/form")
    loaded.clear()
    response = Client().get("/form")
    assert response["X-From-Cache"] == "True"
    assert loaded == []  # no session, no user row: the anonymous user is certain
    assert response["Vary"] == "Cookie, Accept-Language"  # the page differs by session and by language
    assert response.cookies["csrftoken"].value  # the visitor's own token and cookie still
    assert placeholder("user") not in response.content.decode()


def test_a_visitor_with_a_session_cookie_is_asked_who_they_are_on_a_hit(client, user):
    Client().get("/form")
    client.force_login(user)
    response = client.get("/form")
    assert "X-From-Cache" not in response  # logged in: their own page, not the guests' copy
    stale = Client()
    stale.cookies["sessionid"] = "no-such-session"
    assert stale.get("/form")["X-From-Cache"] == "True"  # an unknown session is a guest's


@pytest.mark.parametrize("with_csrf_middleware", [True, False])
def test_a_get_sets_the_csrf_cookie_with_or_without_csrf_view_middleware(settings, with_csrf_middleware):
    csrf = "django.middleware.csrf.CsrfViewMiddleware"
    if not with_csrf_middleware:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != csrf]
    visitor = Client(enforce_csrf_checks=True)
    for _attempt in range(2):  # fresh, then from the cache
        response = visitor.get("/form")
        token = token_in(response)
        assert response.cookies["csrftoken"].value
    assert visitor.post("/about", {"csrfmiddlewaretoken": token}).status_code == 200
    assert Client(enforce_csrf_checks=True).post("/about", {"csrfmiddlewaretoken": token}).status_code == 403
