"""``FeedPage``: ``<list route>/rss.xml`` and ``<list route>/atom.xml`` (:mod:`..feeds`).

A doctype without a date field has no feed (404); one the visitor may not list is a 403, as its
list page. A feed is cached like a page (guests), and renewed by writes to its doctype.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ...exceptions import PermissionError
from ..documents import list_doctype
from ..feeds import FEED_FILES, DocTypeFeed, feed_date_field
from .base import BaseRenderer


class FeedPage(BaseRenderer):
    def can_render(self) -> bool:
        head, _slash, tail = self.path.rpartition("/")
        if tail not in FEED_FILES or not head:
            return False
        doctype = list_doctype(head)
        if doctype is None or not doctype.route_field or feed_date_field(doctype) is None:
            return False
        self.doctype, self.feed_type = doctype, FEED_FILES[tail]
        return True

    def render(self) -> HttpResponse:
        if not self.doctype.has_permission("read", self.request.user):
            raise PermissionError(_("Not permitted to read {doctype}").format(doctype=self.doctype.name))
        return DocTypeFeed(self.doctype, self.feed_type, self.request.user)(self.request)
