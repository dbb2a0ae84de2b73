"""``frappe.client.submit`` and ``frappe.client.cancel``: docstatus moves of submittable doctypes by RPC.

The rules are :mod:`django_frappe_web.docstatus`'s, applied by ``Document.submit()`` /
``cancel()``: the document's ``write`` permission and ``submit`` / ``cancel``, a 417 for a move
Frappe refuses. (v1's ``PUT`` with ``docstatus`` and v2's ``/method/submit`` reach the same code.)
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..doctypes import get_doctype
from ..document import Document
from ..exceptions import ValidationError
from ..whitelist import alias, whitelist
from .client import _get_document, _json
from .serializers import serializer_class_for


@whitelist(methods=["POST", "PUT"])
def submit(doc: Any = None, doclist: Any = None) -> dict:
    """Submit a document given as ``{"doctype", "name", <fields>}`` (JSON or an object): the fields
    given are saved with the submission; without a name, a new document is inserted submitted.
    ``doclist`` is what frappe-client's ``submit`` sends it as (Frappe's old name)."""
    doc = doclist if doc is None else doc
    data = _json(doc, "doc")
    if not isinstance(data, dict) or not isinstance(data.get("doctype"), str):
        raise ValidationError(_("doc must be a JSON object with the document's doctype"))
    meta = get_doctype(data["doctype"])
    name = data.get("name")
    document = Document(meta) if name in (None, "") else _get_document(meta, name, "submit")
    values = serializer_class_for(meta)().to_internal_value(data)
    values.pop("docstatus", None)  # submit() sets it
    document.update(values)
    return document.submit().as_dict()


@whitelist(methods=["POST", "PUT"])
def cancel(doctype: str, name: Any) -> None:
    """Cancel a submitted document."""
    if not isinstance(doctype, str):
        raise ValidationError(_("doctype must be the name of a DocType"))
    _get_document(get_doctype(doctype), name, "cancel").cancel()


alias("frappe.client.submit", submit)
alias("frappe.client.cancel", cancel)
