"""Which language a request is answered in: one decision, made once per request by the middleware.

The order (docs/i18n.md; docs/decisions.md says why it is not DESIGN.md's):

0. a language prefix in the path, when the URLconf uses ``i18n_patterns`` (the address says it);
1. the ``_lang`` query parameter (the response then sets the ``preferred_language`` cookie);
2. the ``preferred_language`` cookie;
3. the logged-in user's language (``FRAPPE_WEB["USER_LANGUAGE"]``: by default the package's
   ``UserLanguage`` row, edited in the admin and on ``/me``);
4. ``Accept-Language``;
5. ``settings.LANGUAGE_CODE``.

Every source is limited to ``settings.LANGUAGES`` with Django's fallback (``de-at`` → ``de``):
junk (``_lang=xx``, a path, 10 KB of text, a header of hundreds of entries or bad weights) is
ignored quietly, so the result is always a configured language and the page cache, keyed by it,
never holds a page per junk value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from .database_errors import DATABASE_ERRORS
from .settings import web_settings
from .users import is_guest

QUERY_PARAMETER = "_lang"
COOKIE_NAME = "preferred_language"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Language tags as Django writes them (``de``, ``pt-br``, ``zh-hans``); checked before any lookup, so
# a junk value never reaches Django's cached lookups. 35 characters covers the longest real tags.
MAX_CODE_LENGTH = 35
CODE_RE = re.compile(r"^[a-z]{1,8}(?:-[a-z0-9]{1,8}){0,3}$")
# Accept-Language: Django parses at most 500 characters (then only whole entries); of those we try
# the first few by weight: a browser sends a handful, and each try is a lookup.
MAX_ACCEPTED_LANGUAGES = 8

NO_VARY: tuple[str, ...] = ()
VARY_COOKIE = ("Cookie",)
VARY_COOKIE_AND_HEADER = ("Cookie", "Accept-Language")


class Choice(NamedTuple):
    """The request's language, where it came from, and what the answer therefore varies on.

    (A named tuple: one is made per request, and a frozen dataclass costs several times more to build.)
    """

    language: str
    source: str  # "path", "query", "cookie", "user", "header" or "default"
    vary: tuple[str, ...] = NO_VARY
    set_cookie: bool = False  # a valid ``_lang`` that the cookie does not hold yet


def language_codes(language: str | None) -> list[str]:
    """Where what is kept per language is looked for, in order: the code (``de-at``), then its base
    language (``de``). The one rule for page sources, translations, print variants and search configurations."""
    code = (language or "").lower()
    return [*dict.fromkeys(c for c in (code, code.partition("-")[0]) if c)]


def for_language(mapping: Mapping[str, Any], language: str | None) -> Any:
    """``mapping``'s value for ``language`` (its keys lower-case codes) by :func:`language_codes`, else ``None``."""
    for code in language_codes(language):
        found = mapping.get(code)
        if found is not None:
            return found
    return None


def supported(code: Any) -> str | None:
    """``code`` as a language of ``settings.LANGUAGES`` (``de-AT`` and ``de_at`` → ``de``), or ``None``."""
    if not isinstance(code, str) or not code or len(code) > MAX_CODE_LENGTH:
        return None
    return _supported(code)


@lru_cache(maxsize=256)  # asked on every request (the page cache's key): a handful of codes, bounded
def _supported(code: str) -> str | None:
    code = code.strip().lower().replace("_", "-")
    if not CODE_RE.match(code):
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def default_language() -> str:
    """``settings.LANGUAGE_CODE`` as a configured language (``en-us`` → ``en`` when only ``en`` is listed)."""
    return _default_choice(settings.LANGUAGE_CODE).language


@lru_cache(maxsize=8)  # per LANGUAGE_CODE; cleared when a test changes LANGUAGES (forget_settings)
def _default_choice(language_code: str) -> Choice:
    return Choice(supported(language_code) or language_code, "default", VARY_COOKIE_AND_HEADER)


def forget_settings(*args: Any, setting: str, **kwargs: Any) -> None:
    """``setting_changed`` receiver (apps.py): the default language follows LANGUAGES and LANGUAGE_CODE."""
    if setting in ("LANGUAGES", "LANGUAGE_CODE"):
        _default_choice.cache_clear()
        _supported.cache_clear()


def request_language(request: HttpRequest | None) -> str:
    """The language a request is answered in: the one chosen for it, if configured, else the default."""
    return supported(getattr(request, "LANGUAGE_CODE", None)) or default_language()


def explicit_choice(request: HttpRequest) -> Choice | None:
    """The language the address or the visitor's own choice names (path, ``_lang``, cookie): no query."""
    from_path = _path_language(request)
    if from_path is not None:
        return Choice(from_path, "path")
    cookie = request.COOKIES.get(COOKIE_NAME) if "HTTP_COOKIE" in request.META else None
    if QUERY_PARAMETER in request.META.get("QUERY_STRING", ""):
        asked = supported(request.GET.get(QUERY_PARAMETER))
        if asked is not None:
            return Choice(asked, "query", set_cookie=asked != cookie)
    preferred = supported(cookie)
    if preferred is not None:
        return Choice(preferred, "cookie", VARY_COOKIE)
    return None


def choose(request: HttpRequest, user: Any = None) -> Choice:
    """The request's language (the module's docstring has the order); ``user`` defaults to ``request.user``.

    Queries the database only for a logged-in user with neither ``_lang`` nor the cookie.
    """
    explicit = explicit_choice(request)
    if explicit is not None:
        return explicit
    stored = _logged_in_users_language(request, user)
    if stored is not None:
        return Choice(stored, "user", VARY_COOKIE)
    header = request.META.get("HTTP_ACCEPT_LANGUAGE")
    accepted = header_language(header) if header else None
    if accepted is not None:
        return Choice(accepted, "header", VARY_COOKIE_AND_HEADER)
    return _default_choice(settings.LANGUAGE_CODE)


def _logged_in_users_language(request: HttpRequest, user: Any) -> str | None:
    try:
        user = _request_user(request) if user is None else user
        return supported(user_language(user)) if getattr(user, "is_authenticated", False) else None
    except DATABASE_ERRORS:  # the view meets the outage again and answers its 503; the language is no reason to fail
        return None


def _request_user(request: HttpRequest) -> Any:
    """``request.user``, or ``None`` for a guest (told without loading the session when it can be: users.is_guest)."""
    return None if is_guest(request) else getattr(request, "user", None)


def user_language(user: Any) -> str | None:
    """The language stored for ``user`` by ``FRAPPE_WEB["USER_LANGUAGE"]`` (``None``: none, or the setting off)."""
    source = web_settings.USER_LANGUAGE
    return source(user) if source is not None else None


def header_language(header: str) -> str | None:
    """The first configured language of an ``Accept-Language`` value, by weight (``*`` ends the search)."""
    for code, _weight in parse_accept_lang_header(header)[:MAX_ACCEPTED_LANGUAGES]:
        if code == "*":
            break
        language = supported(code)
        if language is not None:
            return language
    return None


def _path_language(request: HttpRequest) -> str | None:
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    if not is_language_prefix_patterns_used(urlconf)[0]:
        return None
    return translation.get_language_from_path(request.path_info)


def activate(choice: Choice) -> str | None:
    """Make ``choice`` the active language; the language to restore after the request, or ``None``.

    No work for the default language while nothing else is active (Django then uses
    ``LANGUAGE_CODE``'s translation, ``en-us`` for ``en``): most requests of most sites.
    """
    previous = translation.get_language()
    if previous == choice.language or (choice.source == "default" and previous == settings.LANGUAGE_CODE):
        return None
    translation.activate(choice.language)
    return previous


def add_language_headers(request: HttpRequest, response: HttpResponse, choice: Choice) -> None:
    """``Content-Language`` and ``Vary``, and the ``preferred_language`` cookie a valid ``_lang`` asks for.

    A response that has its own ``Content-Language`` (the JavaScript catalog of one language) chose
    its language itself and varies on nothing of ours.
    """
    if "Content-Language" not in response:
        response["Content-Language"] = choice.language
        if choice.vary:
            response["Vary"] = _vary(response.get("Vary", ""), choice.vary)
    if choice.set_cookie:
        remember(request, response, choice.language)


def mark_language(response: HttpResponse, language: str) -> None:
    """Say on a page kept in the page cache which language it is in, and that the language
    depends on the cookie and the browser's header: a copy served from the cache needs no more."""
    response.headers.setdefault("Content-Language", language)  # a page at a translation's route says its own
    response["Vary"] = _vary(response.get("Vary", ""), VARY_COOKIE_AND_HEADER)


@lru_cache(maxsize=64)  # a site's responses carry a handful of Vary values: merged once each
def _vary(existing: str, added: tuple[str, ...]) -> str:
    """``existing`` with ``added`` as Django's ``patch_vary_headers`` merges them."""
    response = HttpResponse()
    if existing:
        response["Vary"] = existing
    patch_vary_headers(response, added)
    return response["Vary"]


def remember(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Keep ``language`` in the ``preferred_language`` cookie (``""`` drops it: the next source decides)."""
    if language:
        response.set_cookie(COOKIE_NAME, language, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
