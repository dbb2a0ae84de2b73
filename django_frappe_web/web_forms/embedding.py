"""Who may show a web form in a frame: ``Content-Security-Policy: frame-ancestors`` and ``X-Frame-Options``.

A form lists the sites allowed to embed it in ``allowed_embedding_domains``; every
other form may only be framed by this site. ``X-Frame-Options`` says the same for old
browsers (``SAMEORIGIN``), and is left out when other sites are allowed, since it
cannot name them (Django's ``XFrameOptionsMiddleware`` is told not to add ``DENY``).
"""

from __future__ import annotations

import re

from django.http import HttpResponse

# A CSP host-source: optional scheme, optional "*." wildcard, host, optional port.
HOST_SOURCE_RE = re.compile(r"(?:https?://)?(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::(?:\d{1,5}|\*))?/?")


def split_domains(text: str) -> list[str]:
    """The entries of ``allowed_embedding_domains`` (one a line; spaces and commas separate too)."""
    return [item for item in re.split(r"[\s,]+", text or "") if item]


def invalid_domains(text: str) -> list[str]:
    return [item for item in split_domains(text) if not HOST_SOURCE_RE.fullmatch(item)]


def frame_ancestors(text: str) -> str:
    """The ``frame-ancestors`` directive; invalid entries are dropped (they could break the header)."""
    allowed = [item.rstrip("/") for item in split_domains(text) if HOST_SOURCE_RE.fullmatch(item)]
    return " ".join(["frame-ancestors 'self'", *allowed])


def apply_frame_headers(response: HttpResponse, allowed_embedding_domains: str) -> HttpResponse:
    directive = frame_ancestors(allowed_embedding_domains)
    response["Content-Security-Policy"] = directive
    if directive == "frame-ancestors 'self'":
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response.xframe_options_exempt = True
    return response
