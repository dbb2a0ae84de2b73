"""``frappe.utils.print_format.download_pdf``: a document's print view as a PDF, through ``/api/method``.

Also at ``frappe.templates.pages.print.download_pdf``, the older path frappe-client's
``get_pdf`` calls. The PDF is the print view's own (:class:`~..website.renderers.print_page.PrintPage`
with ``pdf=1``): the same permission checks, print formats and letterhead flag, the same
``[pdf]`` extra (a 501 naming it when it is missing).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ..exceptions import ValidationError
from ..local import get_local
from ..website.renderers.print_page import PRINTVIEW, PrintPage
from ..whitelist import alias, whitelist


@whitelist(methods=["GET", "POST"])
def download_pdf(doctype: Any = None, name: Any = None, format: Any = None, doc: Any = None,
                 no_letterhead: Any = 0, language: Any = None, letterhead: Any = None) -> HttpResponse:
    """The PDF of document ``name`` of ``doctype`` printed with ``format`` (its default, else Standard)."""
    if doc not in (None, ""):
        raise ValidationError(_("Printing an unsaved document (doc) is not supported: save it and pass its name"))
    local = get_local()
    local.form_dict.update({"doctype": doctype, "name": name, "format": format, "no_letterhead": no_letterhead,
                            "pdf": 1})
    local.form_dict.pop("trigger_print", None)
    return PrintPage(PRINTVIEW, local.request).render()


alias("frappe.utils.print_format.download_pdf", download_pdf)
alias("frappe.templates.pages.print.download_pdf", download_pdf)
