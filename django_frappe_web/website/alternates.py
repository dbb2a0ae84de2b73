"""A page's addresses in each of its languages, for ``<link rel="alternate" hreflang>`` and the sitemap.

A language's address is the route of its own a translation has (a Web Page's ``de/ueber-uns``),
else the page's route with ``?_lang=<code>`` (Frappe's query parameter, which chooses the
visitor's language); the default language's is the page's route with ``?_lang`` too, as the bare
route answers each visitor in their own language. ``x-default`` is the bare route: the original.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri

from ..languages import default_language, for_language

X_DEFAULT = "x-default"
QUERY_PARAMETER = "_lang"


def page_path(route: str, home: str) -> str:
    """The path of the page at ``route``: ``/`` for the home page."""
    return "/" if route in ("", home) else f"/{quote(route)}"


def language_paths(path: str, languages: Iterable[str], own_paths: Mapping[str, str] | None = None,
                   has_original: bool = True) -> list[tuple[str, str]]:
    """``(hreflang, path)`` of every language of the page at ``path`` (``x-default`` last), or none
    when it is in fewer than two languages. Only the site's languages (``settings.LANGUAGES``) count."""
    own_paths = own_paths or {}
    paths: dict[str, str] = {}
    if has_original:
        paths[default_language()] = with_language(path, default_language())
    for code in languages:
        if is_site_language(code):
            paths[code] = own_paths.get(code) or with_language(path, code)
    if len(paths) < 2:
        return []
    return [*sorted(paths.items()), *([(X_DEFAULT, path)] if has_original else [])]


def is_site_language(code: str) -> bool:
    """Whether ``code`` is one of ``settings.LANGUAGES`` (a translation into a language the site
    dropped is ignored, not an error)."""
    return any(code == listed for listed, _name in settings.LANGUAGES)


def site_translation(texts: Mapping[str, Any], language: str | None) -> Any:
    """The translation among ``texts`` (by language, each with its ``language``) for ``language``
    (``de-at``, else ``de``), if the site still lists its language; else ``None``."""
    found = for_language(texts, language)
    return found if found is not None and is_site_language(found.language) else None


def with_language(path: str, code: str) -> str:
    return f"{path}?{urlencode({QUERY_PARAMETER: code})}"


def alternate_links(request: HttpRequest, paths: list[tuple[str, str]]) -> list[dict[str, str]]:
    """``[{"hreflang", "href"}]`` with absolute URLs, for the head of the page (base.html)."""
    return [{"hreflang": hreflang, "href": request.build_absolute_uri(iri_to_uri(path))} for hreflang, path in paths]
