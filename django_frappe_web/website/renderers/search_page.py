"""``SearchPage``: ``/search?q=`` (Frappe's ``/search``), 20 results a page (``page=2``).

Tried after the www pages, so a project's own ``www/search.html`` wins. Never cached (a search has
a query string). An empty query shows the form; a page number that is not a whole number from 1 is
a 417 page; a query longer than 200 characters is cut.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ...exceptions import ValidationError
from ...local import get_local
from ..search import clean_query, search
from .base import BaseRenderer

PAGE_LENGTH = 20


class SearchPage(BaseRenderer):
    cacheable = False

    def can_render(self) -> bool:
        return self.path == "search"

    def render(self) -> HttpResponse:
        args = get_local().form_dict
        query = clean_query(args.get("q"))
        number = page_number(args.get("page"))
        results = search(query, self.request.user)
        start = (number - 1) * PAGE_LENGTH
        shown = results[start:start + PAGE_LENGTH]

        def link(page: int) -> str:
            return "/search?" + urlencode({"q": query, "page": page})

        context = self.get_context(
            title=_("Search results for “%(query)s”") % {"query": query} if query else _("Search"),
            query=query,
            results=[{"title": r.title_html(query), "url": r.url, "snippet": r.snippet(query), "kind": r.kind} for r in shown],
            total=len(results),
            pagination={"number": number, "previous_url": link(number - 1) if number > 1 else None,
                        "next_url": link(number + 1) if start + PAGE_LENGTH < len(results) else None},
            no_breadcrumbs=True,
        )
        response = self.render_page("frappe_web/search.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response


def page_number(value: object) -> int:
    if value in (None, ""):
        return 1
    text = str(value)
    if not text.isdigit() or len(text) > 6 or int(text) < 1:
        raise ValidationError(_("The page must be a whole number from 1."), title=_("Invalid search"))
    return int(text)
