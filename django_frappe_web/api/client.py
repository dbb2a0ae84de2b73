"""``frappe.client.*``: Frappe's RPC document API, whitelisted here and answering at Frappe's paths.

Each function checks the caller's permission on the doctype (or document) and
reads and writes through the same pieces as ``/api/resource``: the list query of
:mod:`.listing`, the doctype's serializer, and :class:`~django_frappe_web.document.Document`.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ..doctypes import DocType, get_doctype, with_link_names
from ..document import Document, get_single
from ..exceptions import DoesNotExistError, PermissionError, ValidationError
from ..json_input import parse_json
from ..permissions import no_permission_message
from ..utils import to_bool
from ..whitelist import alias, whitelist
from . import listing
from .serializers import serialized, serializer_class_for

MAX_INSERT_MANY = 200
STANDARD_KEYS = frozenset({"doctype", "name", "owner", "creation", "modified", "modified_by", "docstatus", "idx"})


def _doctype(doctype: Any) -> DocType:
    if not isinstance(doctype, str) or not doctype:
        raise ValidationError(_("doctype must be the name of a DocType"))
    return get_doctype(doctype)


def _check(meta: DocType, ptype: str, instance: models.Model | None = None) -> None:
    if not meta.has_permission(ptype, doc=instance):
        raise PermissionError(no_permission_message(ptype, meta.name))


def _json(value: Any, what: str) -> Any:
    """A JSON argument given as text (form and query arguments) or already decoded (a JSON body)."""
    if not isinstance(value, (str, bytes)):
        return value
    return parse_json(value, what, not_json=f"{what} must be JSON")


def _object(value: Any, what: str) -> dict:
    value = _json(value, what)
    if not isinstance(value, dict):
        raise ValidationError(_("{what} must be a JSON object, not {type}").format(
            what=what, type=type(value).__name__))
    return value


def _name_or_filters(value: Any) -> Any:
    """Frappe's ``get_safe_filters``: JSON filters, or else a document name (JSON ``null``, as
    frappe-client sends without filters, is none)."""
    if isinstance(value, str) and value.strip() == "null":
        return None
    if isinstance(value, str) and value.strip()[:1] not in ("[", "{", '"'):
        return {"name": value} if value.strip() else None
    return value


def _get_document(meta: DocType, name: Any, ptype: str = "read") -> Document:
    """The document called ``name`` (404 when missing) if the user may ``ptype`` it (403 otherwise).

    The doctype's permission is asked before the document is looked up: a caller who may not
    ``ptype`` the doctype at all gets the same 403 whether or not ``name`` exists.
    """
    _check(meta, ptype)
    instance = meta.get_object(name, with_link_names(meta))  # its links' names come with it, no query each
    _check(meta, ptype, instance)
    return Document(meta, instance)


def save_document(meta: DocType, data: dict, instance: models.Model | None = None) -> dict:
    """Create (or update ``instance``) from ``data`` with the doctype's serializer; the saved document."""
    serializer = serializer_class_for(meta)(instance, data=data, partial=instance is not None)
    serializer.is_valid(raise_exception=True)
    serializer.save()
    return serializer.data


def delete_document(meta: DocType, instance: models.Model) -> None:
    """Delete ``instance``; a document others still link to is a 417, not a server error."""
    try:
        with transaction.atomic():
            Document(meta, instance).delete()
    except (models.ProtectedError, models.RestrictedError, IntegrityError):
        raise ValidationError(_("Cannot delete {doctype} {name}: other documents link to it").format(
            doctype=meta.name, name=meta.get_name(instance))) from None


@whitelist()
def get_list(
    doctype: str,
    fields: Any = None,
    filters: Any = None,
    group_by: Any = None,
    order_by: Any = None,
    limit_start: Any = None,
    limit_page_length: Any = None,
    parent: Any = None,
    debug: Any = False,
    as_dict: Any = True,
    or_filters: Any = None,
    limit: Any = None,
    start: Any = None,
    page_length: Any = None,
) -> list:
    """Rows of ``doctype`` the user may read (``start``/``page_length``/``limit`` are accepted as aliases)."""
    args = {"fields": fields, "filters": filters, "or_filters": or_filters, "order_by": order_by,
            "group_by": group_by, "limit_start": limit_start, "start": start, "limit": limit,
            "page_length": page_length, "limit_page_length": limit_page_length, "as_dict": as_dict}
    return listing.get_list(_doctype(doctype), args)


@whitelist()
def get_count(doctype: str, filters: Any = None, debug: Any = False, cache: Any = False, or_filters: Any = None) -> int:
    """How many rows of ``doctype`` the user may read match ``filters``."""
    return listing.get_count(_doctype(doctype), {"filters": filters, "or_filters": or_filters})


@whitelist()
def get(doctype: str, name: Any = None, filters: Any = None, parent: Any = None) -> dict:
    """One document, by name or as the first match of ``filters``."""
    meta = _doctype(doctype)
    if name is None and filters:
        rows = listing.build_list_query(meta, {"filters": filters, "fields": ["name"]}).fetch(0, 1)
        if not rows:
            raise DoesNotExistError(_("No {doctype} found for the given filters").format(doctype=meta.name))
        name = rows[0]["name"]
    if name is None:
        raise ValidationError(_("get needs a name or filters"))
    return serialized(meta, _get_document(meta, name).instance)


@whitelist()
def get_value(doctype: str, fieldname: Any = "name", filters: Any = None, as_dict: Any = True,
              debug: Any = False, parent: Any = None) -> Any:
    """Field values of the first document matching ``filters`` (a name or Frappe filters); ``None`` if none."""
    meta = _doctype(doctype)
    fields = _json(fieldname, "fieldname") if isinstance(fieldname, str) and fieldname.strip()[:1] == "[" else fieldname
    if not fields:
        fields = ["name"]
    rows = listing.build_list_query(meta, {"fields": fields if isinstance(fields, list) else [fields],
                                           "filters": _name_or_filters(filters)}).fetch(0, 1)
    if not rows:
        return None
    row = rows[0]
    if listing.wants_lists({"as_dict": as_dict}):
        values = list(row.values())
        return values if isinstance(fields, list) else values[0]
    return row


@whitelist()
def get_single_value(doctype: str, field: str) -> Any:
    """A field of a single (settings) doctype: its one row, which the user must be allowed to read."""
    meta = _doctype(doctype)
    _check(meta, "read")
    if not isinstance(field, str) or meta.get_field(field) is None:
        raise ValidationError(_("{doctype} has no field {field!r}").format(doctype=meta.name, field=field))
    doc = get_single(meta)
    if not doc.is_new():
        _check(meta, "read", doc.instance)
    return doc.get(field)


@whitelist(methods=["POST", "PUT"])
def set_value(doctype: str, name: Any, fieldname: Any, value: Any = None) -> dict:
    """Change fields of one document (``fieldname`` and ``value``, or a dict of values), validated and saved."""
    meta = _doctype(doctype)
    if isinstance(fieldname, dict) or (isinstance(fieldname, str) and fieldname.strip()[:1] == "{"):
        values = _object(fieldname, "fieldname")
    elif isinstance(fieldname, str):
        values = {fieldname: value}
    else:
        raise ValidationError(_("fieldname must be a field name or a JSON object of values"))
    standard = STANDARD_KEYS.intersection(values)
    if standard:
        raise ValidationError(_("Cannot edit standard fields: {standard}").format(standard=', '.join(sorted(standard))))
    doc = _get_document(meta, name, "write")
    return save_document(meta, values, doc.instance)


@whitelist(methods=["POST", "PUT"])
def insert(doc: Any = None) -> dict:
    """Insert one document given as ``{"doctype": ..., <fields>}``."""
    data = _object(doc, "doc")
    meta = _doctype(data.get("doctype"))
    _check(meta, "create")
    return save_document(meta, data)


@whitelist(methods=["POST", "PUT"])
def insert_many(docs: Any = None) -> list:
    """Insert up to 200 documents in one transaction: all of them, or none. Returns their names."""
    items = _json(docs, "docs")
    if not isinstance(items, list):
        raise ValidationError(_("docs must be a JSON list of documents"))
    if len(items) > MAX_INSERT_MANY:
        raise ValidationError(_("Only {limit} documents can be inserted in one request, not {count}").format(
            limit=MAX_INSERT_MANY, count=len(items)))
    names = []
    with transaction.atomic():
        for item in items:
            names.append(insert(item)["name"])
    return names


@whitelist(methods=["POST", "DELETE"])
def delete(doctype: str, name: Any) -> None:
    """Delete one document."""
    meta = _doctype(doctype)
    delete_document(meta, _get_document(meta, name, "delete").instance)


@whitelist(methods=["POST", "PUT"])
def rename_doc(doctype: str, old_name: Any, new_name: Any, merge: Any = False) -> Any:
    """Give a document a new name; only for doctypes whose name field is an editable field (not the key)."""
    meta = _doctype(doctype)
    field = meta.opts.get_field(meta.name_field)
    if field.primary_key or not field.editable:
        raise ValidationError(_("{doctype} documents cannot be renamed: their name is the {name} key").format(
            doctype=meta.name, name=field.name))
    if to_bool(merge) is True:
        raise ValidationError(_("Merging documents on rename is not supported"))
    if not isinstance(new_name, (str, int)) or new_name == "" or "\x00" in str(new_name):
        raise ValidationError(_("new_name must be a non-empty name"))
    doc = _get_document(meta, old_name, "write")
    doc.set(meta.name_field, new_name)
    doc.save()
    return doc.name


for _function in (get_list, get_count, get, get_value, get_single_value, set_value, insert, insert_many, delete,
                  rename_doc):
    alias(f"frappe.client.{_function.__name__}", _function)
