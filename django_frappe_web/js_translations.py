"""The website's JavaScript catalog: what ``__("...")`` in ``frappe.js`` reads, one per language.

Django's ``JSONCatalog`` builds it from the ``djangojs`` catalogs of the package (and of the apps
in ``FRAPPE_WEB["JS_TRANSLATION_PACKAGES"]``). It is served at ``/_translations/<lang>.<key>.json``,
``<key>`` a hash of its content, so it is cached for a year: new catalogs give a new address, and a
page that still names an old key is sent to the current one. A page names its catalog in a
``<meta name="frappe-translations">`` (``{% frappe_translations %}``), none when it is empty.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.views.i18n import JSONCatalog

from .languages import supported
from .settings import web_settings

PACKAGE = "django_frappe_web"
DOMAIN = "djangojs"
URL_PREFIX = "/_translations/"
URL_PATTERN = r"^translations/(?P<language>[a-z]{1,8}(?:-[a-z0-9]{1,8}){0,3})\.(?P<key>[0-9a-f]{16})\.json$"
ONE_YEAR = 365 * 24 * 3600
_EMPTY_CATALOG = re.compile(rb'"catalog":\s*\{\}')


def packages() -> tuple[str, ...]:
    return (PACKAGE, *web_settings.JS_TRANSLATION_PACKAGES)


def catalog(language: str) -> tuple[bytes, str]:
    """The JSON catalog of ``language`` (a configured language) and its key."""
    return _catalog(language, packages())


@lru_cache(maxsize=64)  # languages x package lists: a handful; Django keeps its catalogs per process too
def _catalog(language: str, package_names: tuple[str, ...]) -> tuple[bytes, str]:
    request = HttpRequest()
    request.method = "GET"
    with translation.override(language):
        body = JSONCatalog.as_view(domain=DOMAIN, packages=list(package_names))(request).content
    return body, hashlib.sha256(body).hexdigest()[:16]


def catalog_url(language: str) -> str | None:
    """Where a page in ``language`` finds its catalog, or ``None`` when it has no string to translate."""
    return _catalog_url(language, packages())


@lru_cache(maxsize=64)  # asked by every page rendered: the catalog's key once per language
def _catalog_url(language: str, package_names: tuple[str, ...]) -> str | None:
    body, key = _catalog(language, package_names)
    if _EMPTY_CATALOG.search(body):
        return None
    return f"{URL_PREFIX}{language}.{key}.json"


def catalog_view(request: HttpRequest, language: str, key: str) -> HttpResponse:
    """``/_translations/<lang>.<key>.json``: the catalog, cached for a year; an old key is sent to the current one."""
    if supported(language) != language:
        raise Http404("No such language")
    body, current = catalog(language)
    if key != current:
        response: HttpResponse = HttpResponseRedirect(f"{URL_PREFIX}{language}.{current}.json")
        response["Cache-Control"] = "no-cache"
    else:
        response = HttpResponse(body, content_type="application/json")
        response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response["Content-Language"] = language  # its own language, whatever the visitor's: it varies on nothing
    return response
