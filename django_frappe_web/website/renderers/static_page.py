"""``StaticPage``: any non-page file in a www folder (``downloads/report.pdf``), streamed as is."""

from __future__ import annotations

import os

from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.static import was_modified_since

from ..www_index import get_www_index
from .base import BaseRenderer


class StaticPage(BaseRenderer):
    cacheable = False  # streamed from disk; browsers revalidate with Last-Modified

    def can_render(self) -> bool:
        self.source = get_www_index().find_static(self.path)
        return self.source is not None

    def render(self) -> HttpResponse:
        stat = os.stat(self.source.path)
        if not was_modified_since(self.request.META.get("HTTP_IF_MODIFIED_SINCE"), int(stat.st_mtime)):
            return HttpResponseNotModified()
        response = FileResponse(open(self.source.path, "rb"), content_type=self.source.content_type)
        response["Last-Modified"] = http_date(stat.st_mtime)
        response["X-Content-Type-Options"] = "nosniff"
        return response
