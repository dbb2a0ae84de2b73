"""v2 ``GET /api/v2/document/<DocType>/<name>/copy``: a new, unsaved copy of a document (Frappe v2's ``copy_doc``).

The document is read through the doctype's serializer (a field it hides is not copied). What
makes the original *that* document is left out, so the copy can be edited and posted as a new
one: its name, the primary key, unique fields (Django's closest thing to Frappe's ``no_copy``:
posting them again would clash), the bookkeeping (owner, creation, modified, modified_by),
empty values, and for a submittable doctype its ``amended_from`` (the copy is no amendment)
with ``docstatus`` 0: a copy of a submitted or cancelled document is a new draft, as Frappe's
``copy_doc`` makes it. ``__islocal: 1`` marks it unsaved, as in Frappe, so
``frappe.client.save`` inserts it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from ..docstatus import DRAFT
from ..doctypes import DocType
from ..meta import standard_fieldnames
from .serializers import serialized


def left_out(doctype: DocType) -> set[str]:
    """The fields a copy does not carry over."""
    names = {"name", doctype.name_field, doctype.opts.pk.name, *standard_fieldnames(doctype)}
    if doctype.amended_from_field:
        names.add(doctype.amended_from_field)
    for name, field in doctype.field_map.items():
        if field.unique or isinstance(field, models.AutoField):
            names.add(name)
    return names


def copy_document(doctype: DocType, instance: models.Model) -> dict[str, Any]:
    """The fields of ``instance`` a new document would take over, with ``doctype`` and ``__islocal``."""
    skipped = left_out(doctype)
    values = {key: value for key, value in serialized(doctype, instance).items()
              if key not in skipped and value not in (None, "")}
    if doctype.is_submittable:
        values[doctype.docstatus_field] = DRAFT
    return {**values, "doctype": doctype.name, "__islocal": 1}
