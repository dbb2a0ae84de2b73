"""``ErrorPage``: 500 for an unhandled exception; the traceback is shown only with ``DEBUG``."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ...responses import debug_traceback
from .base import BaseRenderer


class ErrorPage(BaseRenderer):
    cacheable = False

    def __init__(self, path, request, http_status_code=None, exception: BaseException | None = None):
        super().__init__(path, request, http_status_code or 500)
        self.exception = exception

    def can_render(self) -> bool:
        return True

    def render(self) -> HttpResponse:
        error = debug_traceback(self.exception)
        try:
            context = self.get_context(title=_("Server Error"), traceback=error)
        except Exception:  # the site context itself may be what is broken
            context = {"title": _("Server Error"), "traceback": error}
        return self.render_page("frappe_web/error.html", context)
