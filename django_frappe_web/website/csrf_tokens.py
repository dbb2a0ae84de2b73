"""The CSRF token goes into a page after the page cache: a cached page never carries one.

A page that may be cached (a guest's GET) is rendered with a placeholder where the token goes
(``{% csrf_token %}``, ``{{ csrf_token }}``: the page context's ``csrf_token`` overrides Django's
context processor). The router stores that page, then every answer -- fresh or cached -- gets
the visitor's own token (Django's ``get_token``, which also sets their CSRF cookie) in place of
the placeholder. So a guest page with a form is cached, and no visitor ever receives another's
token. Code that calls ``get_token`` itself still makes its page private (never stored).

The placeholder is derived from ``SECRET_KEY``: the same in every process sharing the cache,
and unknown to visitors (it never leaves the server), so content someone wrote into a page
cannot ask for the token to be put where it could be sent elsewhere.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac


@lru_cache(maxsize=4)
def _placeholder(secret_key: str) -> str:
    return "csrf-placeholder-" + salted_hmac("django_frappe_web.csrf_tokens", "v1", secret=secret_key).hexdigest()[:32]


def placeholder() -> str:
    return _placeholder(settings.SECRET_KEY)


def insert_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """``response`` with the visitor's token in place of the placeholder (HTML answers only)."""
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return response
    marker = placeholder().encode()
    if marker in response.content:
        response.content = response.content.replace(marker, get_token(request).encode())
    return response
