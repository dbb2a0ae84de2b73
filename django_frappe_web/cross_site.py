"""Whether a browser says a request comes from another site.

Browsers tell where a request comes from: Fetch Metadata (``Sec-Fetch-Site``) in current ones,
``Origin`` on cross-origin and unsafe requests, ``Referer`` in most others. A GET that changes state
(``logout``) is refused when any of them names another site, so an ``<img>`` or a link on
another site cannot trigger it -- while clients that send none of these headers (frappe-client,
curl, server-to-server calls) are not browsers being steered, and keep working.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

# "same-site" is refused too: a sibling subdomain is another site's code.
THIS_SITE_FETCH = frozenset({"same-origin", "none"})  # "none": typed in the address bar, a bookmark


def is_cross_site(request: HttpRequest) -> bool:
    """True when the browser marks ``request`` as sent from a page of another site (or an opaque one)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        # The most precise signal when present; an unknown value fails closed.
        return fetch_site.strip().lower() not in THIS_SITE_FETCH
    origin = request.headers.get("Origin")
    if origin is not None:
        return not _names_this_host(request, origin)  # "null" (sandboxed frames, data: URLs) names no host
    referer = request.headers.get("Referer")
    if referer:
        return not _names_this_host(request, referer)
    return False


def _names_this_host(request: HttpRequest, url: str) -> bool:
    try:
        netloc = urlsplit(url.strip()).netloc
        return bool(netloc) and netloc.lower() == request.get_host().lower()
    except (ValueError, DisallowedHost):
        return False
