"""``TranslatedPage``: a document at one of its translated routes, always in that route's
language, whatever the visitor's: a Web Page at its translation's route (``/de/ueber-uns``), any
other web-view document at a route translation's (``/de/artikel/hallo``).

The document's published state, schedule, permission and blocks are its own (a
:class:`DocumentPage` of it, rendered under ``translation.override``); a path that is no
translated route is not this renderer's (a 404 unless another renderer serves it).
"""

from __future__ import annotations

from django.http import HttpResponse

from ..documents import load_published_row
from ..route_translations import translated_route
from .document_page import DocumentPage


class TranslatedPage(DocumentPage):
    language: str

    def can_render(self) -> bool:
        found = translated_route(self.path)
        if found is None:
            return False
        doctype, pk, self.language = found
        instance = load_published_row(doctype, pk)
        return instance is not None and self.accept((doctype, instance))

    def render(self) -> HttpResponse:
        return self.in_language(self.language, super().render)
