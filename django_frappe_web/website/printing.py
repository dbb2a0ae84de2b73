"""Print formats and PDFs for the print view (Frappe's ``www/printview.py``).

A document prints with the ``PrintFormat`` named by ``format``, else its doctype's
enabled default row, else the Standard format generated from its fields
(``frappe_web/print_standard.html``); a format with a variant for the active language
(``PrintFormatTranslation``) prints that variant's template. A format's ``html`` is a template written by
staff in the admin, so it is trusted: it renders with the project's first template
engine, with ``doc`` (a :class:`~django_frappe_web.document.Document`) in its context.

PDFs need the optional extra (``pip install "django-frappe-web[pdf]"``, xhtml2pdf, pure
Python); without it ``pdf=1`` is a 501 page that says so.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length
from django.http import HttpRequest
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..doctypes import DocType
from ..languages import language_codes
from ..models import PrintFormat, PrintFormatTranslation
from .alternates import is_site_language
from .page_errors import PageError, shown
from .sources import compile_template

logger = logging.getLogger("django_frappe_web.website")

STANDARD = "Standard"
STANDARD_TEMPLATE = "frappe_web/print_standard.html"
PDF_EXTRA_MISSING = 'PDF output needs the optional PDF extra: pip install "django-frappe-web[pdf]"'


class PdfError(Exception):
    """xhtml2pdf could not convert a rendered print view (the format's bug: a logged 500)."""


def get_print_format(doctype: DocType, format_name: str | None) -> PrintFormat | None:
    """The row to print ``doctype`` with (one query); ``None`` means the Standard format.

    A name that is not a format *of this doctype* is a 404 page, whatever other doctypes
    have; a disabled format is refused. Without a name, a disabled default is skipped.
    """
    if format_name == STANDARD:
        return None
    formats = in_active_language(PrintFormat.objects.filter(doctype=doctype.name))
    if not format_name:
        return with_variant(formats.filter(is_default=True, disabled=False).first())
    row = formats.filter(name=format_name).first()
    if row is None:
        raise PageError(_("Print Format '{format_name}' not found for {doctype}.").format(
            format_name=shown(format_name), doctype=doctype.name),
                        title=_("Print format not found"))
    if row.disabled:
        raise PageError(_("Print Format '{format_name}' is disabled.").format(
            format_name=shown(format_name)), title=_("Print format disabled"))
    return with_variant(row)


def in_active_language(formats: models.QuerySet) -> models.QuerySet:
    """``formats`` with their variant for the active language (``de-at``, else ``de``) read in the
    same query, as ``variant_html`` and ``variant_css`` (``None`` without one)."""
    codes = [code for code in language_codes(get_language()) if is_site_language(code)]
    variants = PrintFormatTranslation.objects.filter(print_format=OuterRef("pk"), language__in=codes) \
        .order_by(Length("language").desc())  # the regional variant before the language's
    return formats.annotate(variant_html=Subquery(variants.values("html")[:1]),
                            variant_css=Subquery(variants.values("css")[:1]))


def with_variant(row: PrintFormat | None) -> PrintFormat | None:
    """``row`` printing its language variant's template (and CSS, when the variant has its own)."""
    if row is not None and row.variant_html is not None:
        row.html = row.variant_html
        row.css = row.variant_css or row.css
    return row


def render_print_body(print_format: PrintFormat | None, context: dict[str, Any], request: HttpRequest) -> str:
    """The printed document's HTML: the format's template, or the Standard one."""
    if print_format is None:
        return render_to_string(STANDARD_TEMPLATE, context, request=request)
    try:
        template = compile_template(print_format.html)
    except TemplateSyntaxError as exc:
        # Saved around the admin's check (the admin refuses templates that do not compile).
        raise PageError(_("Print Format '{name}' has a template error: {exc}").format(
            name=print_format.name, exc=exc), 417,
                        title=_("Print format error")) from None
    return template.render(context, request)


def pdf_available() -> bool:
    try:
        import xhtml2pdf  # noqa: F401
    except ImportError:
        return False
    return True


def require_pdf() -> None:
    """A 501 page naming the extra to install, unless it is installed."""
    if not pdf_available():
        raise PageError(PDF_EXTRA_MISSING, 501, title=_("PDF not available"))


def html_to_pdf(html: str) -> bytes:
    """The PDF of a rendered print view (call :func:`require_pdf` first).

    Nothing outside the document is fetched (no network, no local files): the print
    view inlines its CSS, and a format must not make the server read other URLs.
    """
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    output = io.BytesIO()
    policy = ResourceAccessPolicy.server(allow_remote=False)
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=policy, raise_exception=False)
    if result.err:
        raise PdfError(f"xhtml2pdf reported {result.err} error(s)")
    return output.getvalue()
