"""``NotFoundPage``: the last renderer; renders ``frappe_web/404.html`` with status 404 (for guests,
once per process while what it shows is current: :func:`..page_cache.not_found_page`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .. import page_cache
from ..not_found_log import record_not_found
from .base import BaseRenderer


class NotFoundPage(BaseRenderer):
    def __init__(self, path, request, http_status_code=None):
        super().__init__(path, request, http_status_code or 404)

    def can_render(self) -> bool:
        return True

    def render(self) -> HttpResponse:
        # Before the memo: the 404 log records every missing path, also those served the memoised page.
        record_not_found(self.request)  # off by default (website/not_found_log.py)
        if self.routed and page_cache.is_cacheable_request(self.request):
            return page_cache.not_found_page(self.request, self.render_not_found)  # a guest's: the same for every path
        return self.render_not_found()

    def render_not_found(self) -> HttpResponse:
        context = self.get_context(title=_("Not Found"))
        return self.render_page("frappe_web/404.html", context)
