"""Doctype metadata (Frappe's ``meta``): the standard fields, the Frappe field type of a model
field, and the meta document ``/api/v2/doctype/<dt>/meta`` serves.

Read by the API schema and serializers, web forms and document pages, so they agree.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .doctypes import DocType, get_doctype_for_model
from .settings import web_settings

# Frappe's field type of a model field, by class; the first match wins (subclasses first).
FIELD_TYPES: tuple[tuple[type[models.Field], str], ...] = (
    (models.BooleanField, "Check"), (models.DateTimeField, "Datetime"), (models.DateField, "Date"),
    (models.TimeField, "Time"), (models.DurationField, "Duration"), (models.AutoField, "Int"),
    (models.BigAutoField, "Int"), (models.IntegerField, "Int"), (models.FloatField, "Float"),
    (models.DecimalField, "Float"), (models.JSONField, "JSON"), (models.EmailField, "Data"),
    (models.URLField, "Data"), (models.SlugField, "Data"), (models.TextField, "Text"), (models.CharField, "Data"),
    (models.FileField, "Attach"), (models.UUIDField, "Data"),
)


def standard_fieldnames(doctype: DocType) -> set[str]:
    """``owner``, ``creation``, ``modified``, ``modified_by``: bookkeeping the server fills, not content."""
    return {doctype.owner_field, doctype.creation_field, doctype.modified_field, doctype.modified_by_field} - {None}


def fieldtype(field: models.Field) -> str:
    """Frappe's field type for ``field`` by its class (``Link`` for a relation, ``Data`` when unknown)."""
    if field.is_relation:
        return "Link"
    return next((name for model_class, name in FIELD_TYPES if isinstance(field, model_class)), "Data")


def doctype_meta(doctype: DocType) -> dict[str, Any]:
    """Frappe's DocType meta (the part a client uses): naming, sorting, web options and the fields."""
    return {
        "name": doctype.name,
        "doctype": "DocType",
        "module": doctype.opts.app_label,
        "autoname": "autoincrement" if isinstance(doctype.opts.get_field(doctype.name_field), models.AutoField)
        else f"field:{doctype.name_field}",
        "title_field": doctype.title_field,
        "sort_field": (doctype.sort_field or "").split(",")[0].lstrip("-") or None,
        "sort_order": "DESC" if (doctype.sort_field or "").startswith("-") else "ASC",
        "search_fields": ",".join(doctype.search_fields or []),
        "has_web_view": int(doctype.has_web_view),
        "allow_guest_to_view": int(doctype.allow_guest_to_view),
        "is_published_field": doctype.is_published_field,
        "route": doctype.route_field,
        "read_only": int(doctype.read_only),
        "is_submittable": int(doctype.is_submittable),
        "fields": [field_meta(name, field, index) for index, (name, field) in enumerate(doctype.field_map.items())],
        "page_length": web_settings.API_PAGE_LENGTH,
    }


def field_meta(name: str, field: models.Field, index: int) -> dict[str, Any]:
    """One entry of the meta's ``fields``: Frappe's DocField for a model field."""
    meta: dict[str, Any] = {"fieldname": name, "label": str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:],
                            "fieldtype": fieldtype(field), "idx": index + 1,
                            "reqd": int(not field.blank and not field.null and not field.has_default()
                                        and field.editable and not isinstance(field, models.AutoField)),
                            "unique": int(field.unique), "read_only": int(not field.editable)}
    if field.is_relation and field.many_to_one:
        target = get_doctype_for_model(field.related_model)
        meta["options"] = target.name if target else field.related_model._meta.label
    elif field.choices:
        meta["fieldtype"] = "Select"
        meta["options"] = "\n".join(str(value) for value, _ in field.flatchoices)
    if getattr(field, "max_length", None):
        meta["length"] = field.max_length
    if field.has_default() and not callable(field.default):
        meta["default"] = field.default
    if field.help_text:
        meta["description"] = str(field.help_text)
    return meta
