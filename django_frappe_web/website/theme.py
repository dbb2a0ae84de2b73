"""The site theme's stylesheet (Website Settings' colours and fonts, :mod:`.theme_css`), served
as a file whose URL carries a version key (``/_theme/<key>.css``), as a Web Page's own CSS is
(:mod:`.page_assets`): a strict Content-Security-Policy allows it with ``'self'``, browsers keep
it for good, and a change of the settings gives a new URL.

Pages link it through ``theme_stylesheet`` in their context (:func:`.context.base_context`),
which reads the settings through its memo, so a cached page depends on them and is rendered again,
with the new URL, once they are saved. No theme set: no stylesheet, the shipped defaults. An old
key, or any key when no theme is set, is a 404.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ..models import WebsiteSettings
from .page_assets import asset_key, asset_response
from .theme_css import theme_css


def theme_stylesheet_url(site: WebsiteSettings) -> str:
    """The theme stylesheet's URL for the settings row ``site``; "" when it sets no theme."""
    return _url_of(tuple(site.theme_values().items()))


@functools.lru_cache(maxsize=64)
def _url_of(values: tuple[tuple[str, str], ...]) -> str:
    text = theme_css(dict(values))
    return f"/_theme/{asset_key(text)}.css" if text else ""


@require_safe
def theme_stylesheet(request: HttpRequest, key: str) -> HttpResponse:
    # The row itself, not the pages' memo: browsers keep the file, so it is asked for rarely.
    return asset_response(theme_css(WebsiteSettings.load().theme_values()), key, "css",
                          "public, max-age=31536000, immutable")
