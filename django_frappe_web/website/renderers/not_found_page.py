"""``NotFoundPage``: the last renderer; always renders ``frappe_web/404.html`` with status 404."""

from __future__ import annotations

from django.http import HttpResponse

from .base import BaseRenderer


class NotFoundPage(BaseRenderer):
    def __init__(self, path, request, http_status_code=None):
        super().__init__(path, request, http_status_code or 404)

    def can_render(self) -> bool:
        return True

    def render(self) -> HttpResponse:
        context = self.get_context(title="Not Found")
        return self.render_page("frappe_web/404.html", context)
