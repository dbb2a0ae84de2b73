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
