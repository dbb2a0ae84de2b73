"""Drafts, revisions and previews of Web Pages (Wagtail's draft state, revisions and previews,
reduced to what a content editor needs).

Every save in the admin keeps a :class:`WebPageRevision` of the page (its fields and blocks).
A draft is a revision that was not applied: the live page is unchanged until someone publishes
it (or any other revision: "revert"), which writes the revision onto the page and its blocks in
one transaction. A preview link is signed (``django.core.signing``) and names one revision; it
renders that revision in the site's layout, never from or into the page cache.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils.dateparse import parse_datetime

from ..content_models import WebPageBlock, WebPageRevision
from ..models import WebPage
from ..settings import web_settings
from .blocks import clean_block

# The page's own fields a revision keeps (route included: a revision may move the page).
PAGE_FIELDS = ("title", "route", "content_type", "main_section", "published", "description",
               "meta_image", "start_date", "end_date", "css", "javascript")
DATE_FIELDS = ("start_date", "end_date")
PREVIEW_SALT = "django_frappe_web.preview"


def revision_data(page: WebPage, blocks: Iterable[tuple[str, dict, int]]) -> dict[str, Any]:
    """A JSON-able copy of ``page``'s fields and ``blocks`` (template name, values, ordering)."""
    fields = {name: getattr(page, name) for name in PAGE_FIELDS}
    for name in DATE_FIELDS:
        fields[name] = fields[name].isoformat() if fields[name] else None
    return {"fields": fields, "blocks": [{"web_template": name, "values": values, "ordering": ordering}
                                         for name, values, ordering in blocks]}


def saved_blocks(page: WebPage) -> list[tuple[str, dict, int]]:
    return list(page.blocks.order_by("ordering", "id").values_list("web_template", "values", "ordering"))


def record_revision(page: WebPage, author: Any = None, published: bool = True,
                    blocks: Iterable[tuple[str, dict, int]] | None = None) -> WebPageRevision:
    """Keep ``page`` as it is now (or with ``blocks`` for a draft) as a revision."""
    blocks = saved_blocks(page) if blocks is None else blocks
    return WebPageRevision.objects.create(page=page, data=revision_data(page, blocks), published=published,
                                          author=author if getattr(author, "pk", None) else None)


def draft_page(revision: WebPageRevision) -> WebPage:
    """The page as ``revision`` has it, not saved: what a preview renders."""
    page = WebPage.objects.get(pk=revision.page_id)
    _apply_fields(page, revision.data.get("fields", {}))
    page.draft_blocks = [(block["web_template"], block.get("values") or {})
                         for block in sorted(revision.data.get("blocks", []), key=lambda b: b.get("ordering", 0))]
    return page


def _apply_fields(page: WebPage, fields: dict[str, Any]) -> None:
    for name in PAGE_FIELDS:
        if name in fields:
            value = fields[name]
            if name in DATE_FIELDS and isinstance(value, str):
                value = parse_datetime(value)
            setattr(page, name, value)


@transaction.atomic
def publish_revision(revision: WebPageRevision, author: Any = None) -> WebPageRevision:
    """Write ``revision`` onto its page and blocks (the live page changes now), and keep the
    result as a new published revision. Checked as the admin checks a save."""
    page = WebPage.objects.select_for_update().get(pk=revision.page_id)
    _apply_fields(page, revision.data.get("fields", {}))
    page.full_clean()
    page.save()
    page.blocks.all().delete()
    blocks = [WebPageBlock(page=page, web_template=block["web_template"], values=block.get("values") or {},
                           ordering=block.get("ordering", 0)) for block in revision.data.get("blocks", [])]
    for block in blocks:
        block.values = clean_block(block.web_template, block.values)
    for block in blocks:  # a handful: saved one by one, so each bumps its page (signals)
        block.save()
    return record_revision(page, author, published=True)


def latest_draft(page: WebPage) -> WebPageRevision | None:
    """The page's unpublished changes: its newest revision, when that was not published."""
    latest = page.revisions.order_by("-created", "-id").first()
    return latest if latest is not None and not latest.published else None


# --- preview links --------------------------------------------------------------------------


def preview_token(revision: WebPageRevision) -> str:
    return signing.dumps({"revision": revision.pk, "page": revision.page_id}, salt=PREVIEW_SALT, compress=True)


def preview_url(revision: WebPageRevision) -> str:
    return f"/_preview/{preview_token(revision)}"


def revision_for_token(token: str) -> WebPageRevision | None:
    """The revision a preview link names, or None when the link was tampered with, has expired
    (``FRAPPE_WEB["PREVIEW_MAX_AGE"]`` seconds) or names a revision that is gone."""
    if len(token) > 1000:
        return None
    try:
        claims = signing.loads(token, salt=PREVIEW_SALT, max_age=datetime.timedelta(seconds=web_settings.PREVIEW_MAX_AGE))
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(claims, dict):
        return None
    return WebPageRevision.objects.filter(pk=claims.get("revision"), page_id=claims.get("page")).first()
