"""``TranslatedPage``: a Web Page at the route of one of its translations (``/de/ueber-uns``),
always in that translation's language, whatever the visitor's.

The page's published state, schedule, permission and blocks are the page's own (a
:class:`DocumentPage` of the page, rendered under ``translation.override``); a path that is no
translation's route is not this renderer's (a 404 unless another renderer serves it).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import translation

from ...doctypes import site
from ...models import WebPage
from ..documents import load_published_row
from ..page_translations import translation_at
from .document_page import DocumentPage


class TranslatedPage(DocumentPage):
    language: str

    def can_render(self) -> bool:
        found = translation_at(self.path)
        if found is None:
            return False
        page_pk, self.language = found
        doctype = site.get_for_model(WebPage)
        page = load_published_row(doctype, page_pk)
        return page is not None and self.accept((doctype, page))

    def render(self) -> HttpResponse:
        with translation.override(self.language):
            response = super().render()
        # The page's own language whatever the visitor's: the language middleware leaves it (and Vary) as set.
        response["Content-Language"] = self.language
        return response
