"""RSS and Atom feeds of a web-view doctype's list (``<list route>/rss.xml`` and ``/atom.xml``),
built with Django's syndication framework and linked from the list page's head.

A doctype has feeds when it has a date to order them by: ``feed_date_field``, else its
``sort_field`` when that is a date or datetime. Items: the 20 newest published documents this
visitor may read (one query), each with its title, its page, its date and, when the doctype names
one, ``feed_description_field`` as the summary (plain text).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db import models
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _

from ..doctypes import DocType
from .documents import document_url, list_url, plural_title

FEED_FILES: dict[str, type[feedgenerator.SyndicationFeed]] = {
    "rss.xml": feedgenerator.Rss201rev2Feed,
    "atom.xml": feedgenerator.Atom1Feed,
}
ITEMS = 20


def feed_date_field(doctype: DocType) -> str | None:
    """The date a feed orders and dates its items by, or None: the doctype has no feed."""
    name = doctype.feed_date_field or (doctype.sort_field or "").lstrip("-")
    field = doctype.get_field(name) if name else None
    return name if isinstance(field, models.DateField) else None  # DateTimeField is a DateField


def feed_links(doctype: DocType) -> list[dict[str, str]]:
    """``<link rel="alternate">`` values for the list page's head (empty: no feed)."""
    if not doctype.route_field or feed_date_field(doctype) is None:
        return []
    base = list_url(doctype)
    title = plural_title(doctype)
    return [{"url": f"{base}/rss.xml", "type": "application/rss+xml", "title": f"{title} (RSS)"},
            {"url": f"{base}/atom.xml", "type": "application/atom+xml", "title": f"{title} (Atom)"}]


class DocTypeFeed(Feed):
    """One doctype's feed for one visitor; Django's ``Feed`` renders it."""

    def __init__(self, doctype: DocType, feed_type: type[feedgenerator.SyndicationFeed], user: Any):
        super().__init__()
        self.doctype, self.feed_type, self.user = doctype, feed_type, user
        self.date_field = feed_date_field(doctype)

    def title(self) -> str:
        return plural_title(self.doctype)

    def link(self) -> str:
        return list_url(self.doctype)

    def description(self) -> str:
        return _("The newest {title}").format(title=plural_title(self.doctype).lower())

    def items(self) -> list[dict[str, Any]]:
        doctype = self.doctype
        columns = dict.fromkeys([doctype.route_field, doctype.title_field or doctype.route_field, self.date_field,
                                 *([doctype.feed_description_field] if doctype.feed_description_field else [])])
        queryset = doctype.get_permitted_queryset(self.user, published_only=True)
        queryset = queryset.exclude(**{f"{doctype.route_field}__isnull": True}).exclude(**{f"{self.date_field}__isnull": True})
        return list(queryset.order_by(f"-{self.date_field}", "-pk").values(*columns)[:ITEMS])

    def item_title(self, item: dict[str, Any]) -> str:
        return str(item[self.doctype.title_field or self.doctype.route_field] or "")

    def item_link(self, item: dict[str, Any]) -> str:
        return document_url(self.doctype, None, item[self.doctype.route_field])

    def item_description(self, item: dict[str, Any]) -> str:
        field = self.doctype.feed_description_field
        return str(item.get(field) or "") if field else ""

    def item_pubdate(self, item: dict[str, Any]) -> datetime.datetime:
        value = item[self.date_field]
        if not isinstance(value, datetime.datetime):  # a date: midnight, in the site's time zone
            value = datetime.datetime.combine(value, datetime.time())
        return timezone.make_aware(value) if timezone.is_naive(value) else value
