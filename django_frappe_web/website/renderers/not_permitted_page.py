"""``NotPermittedPage``: 403, with a login link (and ``redirect-to``) for guests."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .base import BaseRenderer


class NotPermittedPage(BaseRenderer):
    cacheable = False

    def __init__(self, path, request, http_status_code=None, message: str = ""):
        super().__init__(path, request, http_status_code or 403)
        self.message = message

    def can_render(self) -> bool:
        return True

    def render(self) -> HttpResponse:
        context = self.get_context(
            title=_("Not Permitted"),
            message=self.message,
            login_required=not self.request.user.is_authenticated,
            redirect_to=self.request.get_full_path(),
        )
        return self.render_page("frappe_web/403.html", context)
