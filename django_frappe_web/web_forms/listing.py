"""The columns of ``/<route>/list`` (Frappe's list columns), with sorting by them.

``WebForm.list_columns`` names model fields, one a line; fields a web form may not show
(``owner``, non-editable ones) and unknown names are left out. ``?sort=<column>`` or
``?sort=-<column>`` orders by one of them; anything else keeps the doctype's order.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import capfirst

from ..doctypes import DocType, get_doctype_for_model
from .fields import form_fields_of, options_list


def list_columns(web_form: Any, doctype: DocType) -> list[dict[str, str]]:
    usable = form_fields_of(doctype)
    labels = {row.fieldname: row.label for row in web_form.fields.all() if row.fieldname and row.label}
    return [{"name": name, "label": labels.get(name) or capfirst(usable[name].verbose_name)}
            for name in options_list(web_form.list_columns) if name in usable]


def sort_order(columns: list[dict[str, str]], sort: str | None) -> str | None:
    """The ``?sort=`` value when it names a column (optionally with ``-``), else None."""
    names = {column["name"] for column in columns}
    return sort if sort and sort.lstrip("-") in names else None


def cell(obj: models.Model, name: str) -> str:
    """A value as the list shows it: a choice's label, a link's title, Yes/No, or the text."""
    field = obj._meta.get_field(name)
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name)
    if value is None:
        return ""
    if field.is_relation:
        target = get_doctype_for_model(field.related_model)
        return target.get_title(value) if target else str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
