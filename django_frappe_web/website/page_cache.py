"""The website's caches in the shared Django cache: rendered guest pages and 404s.

Every cached entry embeds the current *route generation* (:mod:`.generation`: a
database row with a short-lived copy in the shared cache). Saving anything a page
shows bumps it, so every process sharing the cache stops using older entries (no
process-local flag), and a path that was a 404 works as soon as a page or redirect for
it is saved. The page cache is an optimisation: when the cache fails, pages are
rendered (the outage is logged once a minute), never answered with a 500.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from ..faults import report_fault
from ..local import get_local
from ..settings import web_settings
from .generation import GENERATION_KEY, bump_generation, get_generation  # noqa: F401 - re-exported for callers


def _cache():
    return caches[web_settings.CACHE_ALIAS]


def _key(*parts: str) -> str:
    raw = "|".join(parts)
    digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    return f"{web_settings.CACHE_KEY_PREFIX}:website:{digest}"


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
    try:
        cached = _cache().get(page_key(request, route, generation))
    except Exception as exc:  # noqa: BLE001 - the page is rendered instead
        _page_cache_off(exc)
        return None
    return cached.to_response() if isinstance(cached, CachedPage) else None


def store_page(request: HttpRequest, route: str, generation: int, response: HttpResponse) -> None:
    """Store a rendered guest page unless it holds anything private to this visitor."""
    if response.status_code not in (200, 404) or response.streaming or _is_private(request, response):
        return
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in ("x-from-cache",))
    page = CachedPage(response.status_code, response.content, headers)
    try:
        _cache().set(page_key(request, route, generation), page, timeout=web_settings.PAGE_CACHE_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - the next visitor gets it rendered again
        _page_cache_off(exc)


def _page_cache_off(exc: BaseException) -> None:
    report_fault("page-cache", "The cache is unavailable: guest pages are rendered without the page cache", exc)


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
