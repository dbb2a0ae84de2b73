"""``frappe.client`` questions about documents: ``validate_link``, ``has_permission``, ``get_doc_permissions``;
and ``get_password``, which is never answered.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..doctypes import DocType
from ..exceptions import PermissionError, ValidationError
from ..whitelist import alias, whitelist
from . import listing
from .client import _check, _doctype, _get_document, _json

# Frappe's rights, in its order. Those without a Django permission of their own follow read.
RIGHTS = ("select", "read", "write", "create", "delete", "submit", "cancel", "amend", "print", "email", "report",
          "import", "export", "share")
READ_LIKE = frozenset({"select", "print", "email", "report", "export"})


def _ptype(perm_type: Any) -> str:
    ptype = perm_type.strip().lower() if isinstance(perm_type, str) else None
    if ptype not in RIGHTS:
        raise ValidationError(_("perm_type must be one of {rights}").format(rights=', '.join(RIGHTS)))
    return "read" if ptype in READ_LIKE else ptype


def _allowed(meta: DocType, ptype: str, instance: Any) -> bool:
    return meta.has_permission(_ptype(ptype), doc=instance)


@whitelist(methods=["GET", "POST"])
def validate_link(doctype: str, docname: Any, fields: Any = None) -> dict:
    """``{"name": ..., <fields>}`` when ``docname`` is a ``doctype`` document the user may read, else ``{}``."""
    meta = _doctype(doctype)
    _check(meta, "read")
    if not isinstance(docname, (str, int)) or docname == "":
        raise ValidationError(_("docname must be a document name"))
    wanted = _json(fields, "fields") if fields not in (None, "") else []
    if isinstance(wanted, str):
        wanted = [wanted]
    if not isinstance(wanted, list) or not all(isinstance(name, str) for name in wanted):
        raise ValidationError(_("fields must be a JSON list of field names"))
    columns = ["name", *(name for name in wanted if name != "name")]
    rows = listing.build_list_query(meta, {"fields": columns, "filters": {"name": docname}}).fetch(0, 1)
    return rows[0] if rows else {}


@whitelist(methods=["GET", "POST"])
def has_permission(doctype: str, docname: Any, perm_type: Any = "read") -> dict:
    """``{"has_permission": true|false}``: whether the user may ``perm_type`` the document (404 when
    missing, but only to a caller who may ``perm_type`` the doctype)."""
    meta = _doctype(doctype)
    ptype = _ptype(perm_type)
    if not meta.has_permission(ptype):  # answered before any lookup: a refusal tells nothing of what exists
        return {"has_permission": False}
    return {"has_permission": meta.has_permission(ptype, doc=meta.get_object(docname))}


@whitelist(methods=["GET", "POST"])
def get_doc_permissions(doctype: str, docname: Any) -> dict:
    """``{"permissions": {<right>: 0|1}}`` for a document the user may read."""
    meta = _doctype(doctype)
    instance = _get_document(meta, docname).instance
    return {"permissions": {right: int(_allowed(meta, right, instance)) for right in RIGHTS}}


@whitelist(methods=["GET", "POST"])
def get_password(doctype: Any = None, name: Any = None, fieldname: Any = None) -> None:
    """Refused to everyone: passwords are hashed here, and no secret is ever sent through the API."""
    raise PermissionError(_("get_password is not available: passwords and secrets are never sent through the API"))


for _function in (validate_link, has_permission, get_doc_permissions, get_password):
    alias(f"frappe.client.{_function.__name__}", _function)
