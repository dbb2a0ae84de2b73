"""The website's caches in the shared Django cache: rendered guest pages, 404s and the route generation.

Every cached entry embeds the current *route generation*, a counter in the shared
cache. Saving anything that creates or changes a route bumps it, so every process
sharing the cache stops using older entries at once (no process-local flag), and a
path that was a 404 works as soon as a page or redirect for it is saved.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from ..settings import web_settings

GENERATION_KEY = "website:generation"


def _cache():
    return caches[web_settings.CACHE_ALIAS]


def _key(*parts: str) -> str:
    raw = "|".join(parts)
    digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    return f"{web_settings.CACHE_KEY_PREFIX}:website:{digest}"


def get_generation() -> int:
    """The shared route generation (created on first use)."""
    cache = _cache()
    key = f"{web_settings.CACHE_KEY_PREFIX}:{GENERATION_KEY}"
    generation = cache.get(key)
    if generation is None:
        # A timestamp, not 0: if the cache lost the key, the new value still differs from the old.
        generation = int(time.time() * 1000)
        cache.add(key, generation, timeout=None)
        generation = cache.get(key, generation)
    return generation


def bump_generation() -> int:
    """Invalidate every cached page, 404 and redirect lookup in every process."""
    cache = _cache()
    key = f"{web_settings.CACHE_KEY_PREFIX}:{GENERATION_KEY}"
    try:
        return cache.incr(key)
    except ValueError:  # not set yet
        generation = int(time.time() * 1000)
        cache.set(key, generation, timeout=None)
        return generation


@dataclass(frozen=True)
class CachedPage:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def to_response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["X-From-Cache"] = "True"
        return response


def page_key(request: HttpRequest, route: str, generation: int) -> str:
    """One page per generation, host, language (as Frappe: LocaleMiddleware may translate it) and path."""
    return _page_key(str(generation), request.get_host(), request_language(request), route)


def _page_key(generation: str, host: str, language: str, route: str) -> str:
    return _key("page", generation, host, language, route)


def request_language(request: HttpRequest) -> str:
    """The language the page is rendered in (``frappe.local.lang``)."""
    return getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE


def is_cacheable_request(request: HttpRequest) -> bool:
    """Guests' GET/HEAD without a query string, and only when caching is on.

    Off with ``DEBUG`` (as Frappe's developer mode): the www index and page controllers
    reload edited files then, and a cached copy would hide the edit.
    """
    if settings.DEBUG or web_settings.PAGE_CACHE_TIMEOUT <= 0 or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    return not request.user.is_authenticated


def get_page(request: HttpRequest, route: str, generation: int) -> HttpResponse | None:
    cached = _cache().get(page_key(request, route, generation))
    return cached.to_response() if isinstance(cached, CachedPage) else None


def store_page(request: HttpRequest, route: str, generation: int, response: HttpResponse) -> None:
    """Store a rendered guest page unless it holds anything private to this visitor."""
    if response.status_code not in (200, 404) or response.streaming or _is_private(request, response):
        return
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in ("x-from-cache",))
    page = CachedPage(response.status_code, response.content, headers)
    _cache().set(page_key(request, route, generation), page, timeout=web_settings.PAGE_CACHE_TIMEOUT)


def _is_private(request: HttpRequest, response: HttpResponse) -> bool:
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True  # a CSRF token is baked into the page
    if response.cookies or "Set-Cookie" in response:
        return True
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get("Cache-Control", ""):
        return True
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    from ..local import get_local

    frappe_session = get_local()._session
    if frappe_session is not None and frappe_session._data is not None:
        return True  # the page read per-visitor session data (even an empty dict depends on the visitor)
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def delete_page(host: str, route: str) -> None:
    """Forget one route's cached page, in every configured language (``clear_website_cache --path``)."""
    generation = str(get_generation())
    languages = dict.fromkeys([settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)])
    _cache().delete_many([_page_key(generation, host, language, route) for language in languages])


class GenerationMemo:
    """A bounded process-local memo whose entries belong to one route generation.

    Lets a process remember route lookups (including misses) without a query per
    request; a new generation (a route saved anywhere) empties it.
    """

    MISSING = object()

    def __init__(self, maxsize: int = 4096):
        from collections import OrderedDict

        self.maxsize = maxsize
        self.generation: int | None = None
        self.entries: OrderedDict = OrderedDict()

    def get(self, generation: int, key: object) -> object:
        if generation != self.generation:
            return self.MISSING
        try:
            self.entries.move_to_end(key)
            return self.entries[key]
        except KeyError:
            return self.MISSING

    def set(self, generation: int, key: object, value: object) -> None:
        if generation != self.generation:
            self.entries.clear()
            self.generation = generation
        self.entries[key] = value
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
