"""``PrintPage``: a document's print view (Frappe's ``/printview`` and ``/<DocType>/<name>``).

``/printview?doctype=Article&name=hello&format=Card&no_letterhead=1&trigger_print=1`` (or
``/print?...``, where frappe-client asks) and ``/Article/hello?format=Card`` print a document of any registered doctype with
the read permission: a logged-in user without it gets the 403 page, a guest the same
with a login link. The document is looked up among the rows this reader may read, so
a document they may not see is "not found", like one that does not exist. Missing or
unknown doctype, name or format: a message page (404/417) that says which. ``pdf=1``
returns a PDF when the optional extra is installed (see :mod:`..printing`).

Never cached: a print is per reader (Frappe's printview is ``no_cache`` too). Two
queries whatever the doctype: the document (links joined) and its print format.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ...doctypes import DocType, site
from ...exceptions import DoesNotExistError, PermissionError, ValidationError
from ...local import get_local
from ...utils import cint, to_bool
from ..documents import document_context, with_links
from ..page_errors import PageError, shown
from ..printing import get_print_format, html_to_pdf, pdf_available, render_print_body, require_pdf
from .base import BaseRenderer

PRINTVIEW = "printview"
# frappe-client's get_html reads /print (the print view's name in older Frappe), with the same arguments.
PRINTVIEW_PATHS = frozenset({PRINTVIEW, "print"})


class PrintPage(BaseRenderer):
    cacheable = False

    def can_render(self) -> bool:
        if self.path in PRINTVIEW_PATHS:
            return True
        doctype_name, slash, name = self.path.partition("/")
        return bool(slash and name) and doctype_name in site

    def render(self) -> HttpResponse:
        args = get_local().form_dict
        doctype, name = self.target(args)
        user = self.request.user
        if not doctype.has_permission("read", user):
            raise PermissionError(_("No permission to read {doctype}").format(doctype=doctype.name))
        instance = find_document(doctype, name, user)
        format_name = args.get("format")
        print_format = get_print_format(doctype, str(format_name) if format_name not in (None, "") else None)
        as_pdf = flag(args.get("pdf"))
        if as_pdf:
            require_pdf()
        context = self.get_context(
            **document_context(doctype, instance),
            print_format=print_format,
            no_letterhead=flag(args.get("no_letterhead")),
            trigger_print=flag(args.get("trigger_print")) and not as_pdf,
            for_pdf=as_pdf,
        )
        context["body"] = mark_safe(render_print_body(print_format, context, self.request))  # nosec B308 B703 # noqa: S308 - staff's template
        context["css"] = mark_safe(print_format.css if print_format else "")  # nosec B308 B703 # noqa: S308 - staff's CSS
        context["pdf_url"] = self.pdf_url() if not as_pdf and pdf_available() else None
        response = self.render_page("frappe_web/print.html", context)
        if not as_pdf:
            return response
        pdf = html_to_pdf(response.content.decode())
        return self.pdf_response(pdf, f"{doctype.get_name(instance)}.pdf")

    def target(self, args: dict) -> tuple[DocType, Any]:
        """The doctype and name asked for: query arguments on /printview, else the path."""
        if self.path not in PRINTVIEW_PATHS:
            doctype_name, _slash, name = self.path.partition("/")
            return site.get(doctype_name), name
        doctype_name, name = args.get("doctype"), args.get("name")
        if doctype_name in (None, "") or name in (None, ""):
            raise ValidationError(_("Parameters doctype and name are required, e.g. "
                                  "/printview?doctype=Article&name=hello"), title=_("Missing parameters"))
        try:
            return site.get(doctype_name), name
        except DoesNotExistError:
            raise PageError(_("DocType '{doctype_name}' not found.").format(
                doctype_name=shown(doctype_name)), title=_("DocType not found")) from None

    def pdf_url(self) -> str:
        query = self.request.GET.copy()
        query.pop("trigger_print", None)
        query["pdf"] = "1"
        return f"{self.request.path}?{query.urlencode()}"

    def pdf_response(self, pdf: bytes, filename: str) -> HttpResponse:
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, filename)
        response["Cache-Control"] = "private, no-store"
        return response


def find_document(doctype: DocType, name: Any, user: Any) -> models.Model:
    """The document among those ``user`` may read, links joined; otherwise a 404 page."""
    try:
        return doctype.get_object(name, with_links(doctype, doctype.get_permitted_queryset(user)))
    except DoesNotExistError:
        raise PageError(_("{doctype} '{name}' not found.").format(
            doctype=doctype.name, name=shown(name)), title=_("Document not found")) from None


def flag(value: Any) -> bool:
    """Frappe's ``cint`` reading of a query flag (``1``, ``true``, ``yes`` are on)."""
    as_bool = to_bool(value)
    return as_bool if isinstance(as_bool, bool) else bool(cint(value))

