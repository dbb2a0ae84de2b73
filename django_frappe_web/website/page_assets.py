"""A Web Page's own CSS and JavaScript, served as files whose URL carries a version key
(``/_page_assets/<page id>.<key>.css``), so a strict Content-Security-Policy can allow them
(``'self'``) without ``'unsafe-inline'``, and browsers may keep them for good.

The key is a hash of the text: an edit gives a new URL. An old key, an unknown page, a page that
is not live, or an empty asset is a 404.
"""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ..models import WebPage

KINDS = {"css": ("css", "text/css; charset=utf-8"), "js": ("javascript", "text/javascript; charset=utf-8")}


def asset_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def asset_urls(page: WebPage, preview_token: str | None = None) -> dict[str, list[str]]:
    """``page_stylesheets`` and ``page_scripts`` for the page's template context; a preview's
    (``preview_token``) are served under its link, from the revision it shows (:mod:`.preview`)."""
    urls: dict[str, list[str]] = {"page_stylesheets": [], "page_scripts": []}
    if page.pk is None:
        return urls
    for extension, (field, _type) in KINDS.items():
        text = getattr(page, field)
        if text.strip():
            context_key = "page_stylesheets" if extension == "css" else "page_scripts"
            base = f"/_preview/{preview_token}/assets/" if preview_token else f"/_page_assets/{page.pk}."
            urls[context_key].append(f"{base}{asset_key(text)}.{extension}")
    return urls


def asset_response(text: str, key: str, extension: str, cache_control: str) -> HttpResponse:
    """The asset ``text`` when ``key`` is its version key, else a 404."""
    if not text.strip() or asset_key(text) != key:
        raise Http404("No such page asset")
    response = HttpResponse(text, content_type=KINDS[extension][1])
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def page_asset(request: HttpRequest, page_id: int, key: str, extension: str) -> HttpResponse:
    field = KINDS[extension][0]
    page = WebPage.objects.filter(pk=page_id).only("published", "start_date", "end_date", field).first()
    if page is None or not page.is_live():
        raise Http404("No such page asset")
    return asset_response(getattr(page, field), key, extension, "public, max-age=31536000, immutable")
