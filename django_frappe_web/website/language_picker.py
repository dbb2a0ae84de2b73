"""The language picker of the top bar: a link to the same page in each language Website Settings
offers (``offered_languages``), computed once per rendered page.

A language's link is the page's address in it (``language_paths``, the data of its ``hreflang``
alternates: a translation's own route, else the page's route with ``?_lang``), else the current
path, with the request's other query parameters and ``_lang=<code>``: following it sets the
``preferred_language`` cookie (languages.py), so the visitor's next pages stay in that language.

What it shows depends on the path, the page's language and the query string only: a guest's
cached page has no query string and is kept per path and language (page_cache.py), so no
visitor's data goes into a cached page.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

from ..languages import supported
from .alternates import QUERY_PARAMETER, X_DEFAULT, is_site_language


def picker_links(request: HttpRequest, offered: object, language: str | None,
                 paths: list[tuple[str, str]] | None = None) -> list[dict[str, object]]:
    """``[{"code", "name", "href", "current"}]`` for each offered language of the site, or none
    when fewer than two are offered."""
    codes = [code for code in dict.fromkeys(offered) if isinstance(code, str) and is_site_language(code)] \
        if isinstance(offered, list) else []
    if len(codes) < 2:
        return []
    addresses = dict(paths or ())
    fallback = addresses.get(X_DEFAULT) or quote(request.path)
    kept = [(key, value) for key, values in request.GET.lists() if key != QUERY_PARAMETER for value in values]
    current = supported(language)
    return [{"code": code, "name": language_name(code), "current": code == current,
             "href": f"{addresses.get(code, fallback).partition('?')[0]}?{urlencode([*kept, (QUERY_PARAMETER, code)])}"}
            for code in codes]


def language_name(code: str) -> str:
    """The language's name in itself (``Deutsch``), else as ``settings.LANGUAGES`` names it."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return str(dict(settings.LANGUAGES).get(code, code))
