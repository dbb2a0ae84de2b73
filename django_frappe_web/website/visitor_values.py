"""The visitor's own values go into a page after the page cache: a cached page never carries them.

A page that may be cached is rendered with placeholders where the visitor's values go: the CSRF
token (``{% csrf_token %}``, ``{{ csrf_token }}``: the page context's ``csrf_token`` overrides
Django's context processor) and the username (``{{ session_user }}``, which the base template
gives ``frappe.js``). The router stores that page, then every answer -- fresh or cached -- gets
the visitor's own token (Django's ``get_token``, which also sets their CSRF cookie) and name in
place of the placeholders. So a page with a form is cached, and no visitor ever receives
another's token or name. Code that calls ``get_token`` itself still makes its page private.

The placeholders are derived from ``SECRET_KEY``: the same in every process sharing the cache,
and unknown to visitors (they never leave the server), so content someone wrote into a page
cannot ask for a token to be put where it could be sent elsewhere.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.html import escape

from ..users import GUEST, username_of


@lru_cache(maxsize=8)
def _placeholder(secret_key: str, what: str) -> str:
    digest = salted_hmac("django_frappe_web.visitor_values", what, secret=secret_key).hexdigest()[:32]
    return f"{what}-placeholder-{digest}"


def placeholder(what: str = "csrf") -> str:
    """The placeholder of the CSRF token (``"csrf"``) or the username (``"user"``)."""
    return _placeholder(settings.SECRET_KEY, what)


def placeholders() -> dict[str, str]:
    """The page context's values while a page that may be cached is rendered."""
    return {"csrf_token": placeholder("csrf"), "session_user": placeholder("user")}


def insert_token(request: HttpRequest, response: HttpResponse, username: str | None = None) -> HttpResponse:
    """``response`` with the visitor's token and name (``username``, else the request user's) in
    place of the placeholders (HTML only)."""
    if getattr(response, "frappe_visitor_values", True) is False:
        return response  # a cached page known to have no placeholder (page_cache.CachedPage)
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return response
    content = response.content
    token, user = placeholder("csrf").encode(), placeholder("user").encode()
    if token in content:
        content = content.replace(token, get_token(request).encode())
    if user in content:
        content = content.replace(user, escape(username or username_of(request.user)).encode())
    if content is not response.content:
        response.content = content
    return response


def has_placeholders(content: bytes) -> bool:
    """Whether ``content`` has a place for the visitor's token or name."""
    return placeholder("csrf").encode() in content or placeholder("user").encode() in content


def with_guest_name(content: bytes) -> bytes:
    """A guest's page with their name in place already: a guest's cached copy is only ever
    served to guests, so a hit need not ask who the visitor is."""
    return content.replace(placeholder("user").encode(), GUEST.encode())
