"""The website's page cache in the shared Django cache: rendered guest pages.

A cached page carries the versions (:mod:`.generation`) of everything it read while it was
rendered (:mod:`.dependencies`), and is served only while each is still current: a write
drops exactly the pages that read its model or its route, in every process (no
process-local flag). One cache round trip (:func:`lookup`) fetches the page with the
versions the request needs; a process remembers which versions each path's page needs
(bounded), so they come in that same round trip.

404s are not cached: once the route tables are memoised, a 404 costs no query, and a crawler
asking for missing paths adds no key. The page cache is an optimisation: when the cache
fails, pages are rendered (the outage is logged once a minute), never answered with a 500.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .. import languages
from ..faults import report_fault
from ..local import get_local
from ..settings import web_settings
from ..users import is_guest
from . import shared_pages
from .dependencies import PageVersions, current, routing_slots
from .generation import (  # noqa: F401 - re-exported for callers
    GENERATION_KEY,
    ROUTE_SLOTS,
    bump_generation,
    get_generation,
    read_versions,
    route_topic,
    slot_of,
)
from .memo import VersionedMemo
from .paths import normalize_route
from .visitor_values import has_placeholders, with_guest_name


def _cache():
    return caches[web_settings.CACHE_ALIAS]


def _key(*parts: str) -> str:
    return _digest_key(web_settings.CACHE_KEY_PREFIX, parts)


@lru_cache(maxsize=4096)  # a cached page's key is asked for on every hit: its sha1 once per path
def _digest_key(prefix: str, parts: tuple[str, ...]) -> str:
    raw = "|".join(parts)
    digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    return f"{prefix}:website:{digest}"


@dataclass(frozen=True)
class CachedPage:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    versions: tuple[tuple[int, int], ...] = ()  # (slot, version) of everything the page read
    # Time boundary (issue 17): a page that is live only until a moment (a Web Page's end_date)
    # is served from the cache only before it (a Unix time; None: no boundary). No write marks
    # that moment, so no version would drop the copy; the time does.
    expires_at: float | None = None
    # Whether the page has places for the visitor's own values (visitor_values.py): most have none
    # (no form, a guest's name filled in), and a hit then costs no look for them.
    visitor_values: bool = True

    def to_response(self, from_cache: bool = True) -> HttpResponse:
        """The page as a response (``from_cache``: marked ``X-From-Cache: True``, as pages of the shared cache are)."""
        response = HttpResponse(self.content, status=self.status, headers=dict(self.headers))
        if from_cache:
            response["X-From-Cache"] = "True"
        if not self.visitor_values:
            response.frappe_visitor_values = False  # insert_token has nothing to put in
        return response

    @classmethod
    def of(cls, response: HttpResponse, versions: tuple[tuple[int, int], ...], content: bytes | None = None,
           expires_at: float | None = None) -> CachedPage:
        """A rendered response to keep (its ``X-From-Cache`` mark is set again when it is served)."""
        headers = tuple((name, value) for name, value in response.items() if name.lower() != "x-from-cache")
        content = response.content if content is None else content
        return cls(response.status_code, content, headers, versions, expires_at, has_placeholders(content))


def page_key(request: HttpRequest, route: str) -> str:
    """One page per host, language (as Frappe: LocaleMiddleware may translate it) and path."""
    known = getattr(request, "_frappe_page_key", None)
    if known is not None and known[0] == route:
        return known[1]  # computed once per request: the lookup, then what it read or stored
    # A logged-in user's page is kept per audience, never per user (shared_pages.py); a guest's has none.
    key = _page_key(request.get_host(), request_language(request), route, shared_pages.audience(request))
    request._frappe_page_key = (route, key)
    return key


def _page_key(host: str, language: str, route: str, audience: str = "") -> str:
    return _key("page", host, language, route, *([audience] if audience else []))


def request_language(request: HttpRequest) -> str:
    """The language the page is rendered in (``frappe.local.lang``): always one of ``settings.LANGUAGES``
    (or the default), so no request adds a key per language it made up."""
    return languages.request_language(request)


def is_cacheable_request(request: HttpRequest) -> bool:
    """Guests' GET/HEAD without a query string, and only when caching is on.

    Off with ``DEBUG`` (as Frappe's developer mode): the www index and page controllers
    reload edited files then, and a cached copy would hide the edit.
    """
    if settings.DEBUG or web_settings.PAGE_CACHE_TIMEOUT <= 0 or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    # Logged-in users' pages only with PAGE_CACHE_LOGGED_IN, shared per audience (shared_pages.py).
    return is_guest(request) or shared_pages.enabled()


# path -> (the slots its page read, whether this process last found or stored its page in the
# cache): the slots are asked for with the page, so a hit is one round trip; a path whose page was
# not cached here last time is resolved first and looked up only if it may be cached (not a 404).
_page_slots = VersionedMemo(maxsize=4096)


def cached_here(request: HttpRequest, route: str) -> bool:
    """Whether this process last found or stored ``route``'s page in the cache (look it up first)."""
    known = _page_slots.get((), page_key(request, route))
    return known is not VersionedMemo.MISSING and known[1]


def lookup(request: HttpRequest, route: str, with_page: bool) -> tuple[PageVersions, HttpResponse | None]:
    """The versions this request needs, and (``with_page``) its cached page if still current,
    in one cache round trip at most (two the first time this process serves a page of ``route``;
    none when the versions are this process's own, see :mod:`.version_channel`, and no page is asked for)."""
    key = page_key(request, route)
    known = _page_slots.get((), key)
    if known is VersionedMemo.MISSING:
        slots = set(routing_slots())
        path = normalize_route(route)
        if path:  # the version of what is published at this path, which the page (or its 404) reads
            slots.add(slot_of(route_topic(path)))
    else:
        slots = known[0]
    key = key if with_page else None
    versions, found = read_versions(slots, [key] if key is not None else [])
    page_versions = PageVersions(versions)
    return page_versions, _if_current(key, found.get(key) if key is not None else None, page_versions)


def cached_page(request: HttpRequest, route: str, versions: PageVersions) -> HttpResponse | None:
    """The cached page of a request already resolved with ``versions``, if still current (one round trip)."""
    key = page_key(request, route)
    try:
        cached = _cache().get(key)
    except Exception as exc:  # noqa: BLE001 - rendered instead
        _page_cache_off(exc)
        return None
    return _if_current(key, cached, versions)


def _if_current(key: str | None, cached: object, page_versions: PageVersions) -> HttpResponse | None:
    if not isinstance(cached, CachedPage):
        return None
    if cached.expires_at is not None and time.time() >= cached.expires_at:
        return None  # past the page's time boundary: rendered again (then a 404, or its new state)
    _remember_slots(key, frozenset(page_versions.versions) | {slot for slot, _version in cached.versions}, True)
    return cached.to_response() if _is_current(cached, page_versions) else None


def _is_current(cached: CachedPage, page_versions: PageVersions) -> bool:
    """Whether every version ``cached`` read is still the current one (those not read yet are read now)."""
    missing = [slot for slot, _version in cached.versions if slot not in page_versions.versions]
    if missing:
        page_versions.versions.update(read_versions(missing)[0])
    return all(page_versions.versions.get(slot) == version for slot, version in cached.versions)


# (host, language, audience) -> the 404 page guests (or, with PAGE_CACHE_LOGGED_IN, an audience) get
# there: the same for every missing path, so it is rendered once per process while what it read is
# current (never stored in the shared cache).
_not_found_pages = VersionedMemo(maxsize=64)


def not_found_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """A guest's 404 page: the one this process rendered last if still current, else ``render()``
    (kept unless it holds anything private to this visitor). A crawler's new paths cost no render."""
    key = (request.get_host(), request_language(request), shared_pages.audience(request))
    kept = _not_found_pages.get((), key)
    versions = current()
    if isinstance(kept, CachedPage) and _is_current(kept, versions):
        return kept.to_response(from_cache=False)
    response = render()
    if (response.status_code == 404 and not response.streaming and not _is_private(request, response)
            and not shared_pages.read_per_user(request)):
        # Not the path's own route bucket: what is published at a path never shows on its 404 (a
        # document published there makes it no 404), and a new path would have to read it again.
        shown = tuple((slot, version) for slot, version in versions.dependencies() if slot not in ROUTE_SLOTS)
        _not_found_pages.set((), key, CachedPage.of(response, shown))
    return response


def remember_versions(request: HttpRequest, route: str, versions: PageVersions, cached: bool) -> None:
    """Remember which versions the request for ``route`` read (its page's and its memos'), so
    the next one reads them all in its one round trip, and whether its page is in the cache now."""
    _remember_slots(page_key(request, route), frozenset(versions.versions), cached)


def _remember_slots(key: str, slots: frozenset[int], cached: bool) -> None:
    known = (slots, cached)
    if _page_slots.get((), key) != known:  # unchanged on almost every request: no write to the memo
        _page_slots.set((), key, known)


def store_page(request: HttpRequest, route: str, response: HttpResponse, versions: PageVersions) -> bool:
    """Store a rendered guest page unless it holds anything private to this visitor (or is a
    404); whether it was stored."""
    if response.status_code != 200 or response.streaming or _is_private(request, response):
        return False
    expires_at, timeout = _time_boundary(response)
    if timeout <= 0:
        return False
    # The page differs for a logged-in visitor: said here, as a guest's hit may never touch the
    # session (SessionMiddleware adds this only to responses that read it); and by language.
    patch_vary_headers(response, ("Cookie",))
    if settings.USE_I18N:
        languages.mark_language(response, request_language(request))
    content = response.content if shared_pages.audience(request) else with_guest_name(response.content)
    page = CachedPage.of(response, versions.dependencies(), content, expires_at)
    key = page_key(request, route)
    try:
        _cache().set(key, page, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - the next visitor gets it rendered again
        _page_cache_off(exc)
        return False
    return True


def _time_boundary(response: HttpResponse) -> tuple[float | None, int]:
    """The moment a renderer said the page stops being right (``response.frappe_cache_until``, a
    datetime, e.g. a Web Page's end_date) as a Unix time, and the cache timeout up to it."""
    until = getattr(response, "frappe_cache_until", None)
    if until is None:
        return None, web_settings.PAGE_CACHE_TIMEOUT
    expires_at = until.timestamp()
    return expires_at, min(web_settings.PAGE_CACHE_TIMEOUT, math.ceil(expires_at - time.time()))


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
    codes = dict.fromkeys([languages.default_language(), *(code for code, _name in settings.LANGUAGES)])
    _cache().delete_many([_page_key(host, language, route) for language in codes])
