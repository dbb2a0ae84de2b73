"""``NotFoundPage``: the last renderer; always renders ``frappe_web/404.html`` with status 404."""

from __future__ import annotations

from django.http import HttpResponse

from ..not_found_log import record_not_found
from .base import BaseRenderer


class NotFoundPage(BaseRenderer):
    def __init__(self, path, request, http_status_code=None):
        super().__init__(path, request, http_status_code or 404)

    def can_render(self) -> bool:
        return True

    def render(self) -> HttpResponse:
        record_not_found(self.request)  # off by default (website/not_found_log.py)
        context = self.get_context(title="Not Found")
        return self.render_page("frappe_web/404.html", context)
