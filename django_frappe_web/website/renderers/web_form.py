"""``WebFormPage``: the pages of published ``WebForm`` rows (``/<route>``, ``/<route>/new``, ...).

The flow lives in :mod:`django_frappe_web.web_forms.pages`; this renderer only claims
the paths. Form pages are never page-cached: they are per visitor and hold a CSRF token.
"""

from __future__ import annotations

from django.http import HttpResponse

from ...web_forms import accept  # noqa: F401 - registers the accept API alias with the URLconf
from ...web_forms.pages import WebFormPages
from ...web_forms.routes import FormRoute, match
from ..page_cache import get_generation
from .base import BaseRenderer


class WebFormPage(BaseRenderer):
    cacheable = False

    form_route: FormRoute | None = None

    def can_render(self) -> bool:
        generation = self.generation if self.generation is not None else get_generation()
        self.form_route = match(self.path, generation)
        return self.form_route is not None

    def render(self) -> HttpResponse:
        return WebFormPages(self, self.form_route).respond()
