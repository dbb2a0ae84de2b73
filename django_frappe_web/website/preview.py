"""``/_preview/<token>``: a Web Page revision (a draft, or any earlier one) rendered in the site's
layout from a signed link, for staff to check before publishing and to share with reviewers.

The link is the permission (as Wagtail's shared previews): it names one revision and expires after
``FRAPPE_WEB["PREVIEW_MAX_AGE"]`` seconds. Nothing about it is cached: neither the page cache
(the response is ``private, no-store``) nor the memos of the live page are read or written for
the draft's content. A tampered, expired or unknown link is a 404 page that says so.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ..doctypes import site
from ..models import WebPage
from ..responses import render_message_page
from .page_assets import KINDS, asset_response
from .publishing import draft_page, revision_for_token
from .renderers.document_page import DocumentPage


@require_safe
def preview(request: HttpRequest, token: str) -> HttpResponse:
    revision = revision_for_token(token)
    if revision is None:
        response = render_message_page(request, "Preview not available",
                                       "This preview link is invalid or has expired. Ask for a new one.",
                                       http_status_code=404, indicator_color="red")
    else:
        page = draft_page(revision)
        renderer = DocumentPage(page.route, request)
        renderer.doctype, renderer.instance, renderer.preview_token = site.get_for_model(WebPage), page, token
        response = renderer.render()
        response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def preview_asset(request: HttpRequest, token: str, key: str, extension: str) -> HttpResponse:
    """The CSS or JavaScript of the revision a preview link shows (the live page's may differ, or
    not be served at all while the page is not live)."""
    revision = revision_for_token(token)
    if revision is None:
        raise Http404("This preview link is invalid or has expired")
    return asset_response(getattr(draft_page(revision), KINDS[extension][0]), key, extension, "private, no-store")
