"""Which model fields a web form may show, and as which Frappe field types.

Shared by the admin (which refuses what cannot work) and the form builder (which
skips it if a row was saved around the admin), so both apply the same rules.
"""

from __future__ import annotations

from django.db import models

from .. import meta
from ..doctypes import DocType

# Free text without a max_length (TextField) is capped at this many characters, like
# Frappe's "Small Text"/"Text" columns; a visitor must not be able to store megabytes.
MAX_TEXT_LENGTH = 65535

# "Attach" stores the uploaded file's URL in a text field, as in Frappe (the file is a ``File`` row).
TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Select", "Email", "URL", "Phone", "Password", "Attach")
# A number may also be picked from a Select; a float shown as Currency.
NUMBER_FIELDTYPES = {"Int": ("Int", "Select"), "Float": ("Float", "Currency", "Select")}


def allowed_fieldtypes(model_field: models.Field) -> tuple[str, ...]:
    """The field types that can edit ``model_field`` (the first is its default)."""
    if model_field.is_relation:
        return ("Link",) if model_field.many_to_one or model_field.one_to_one else ()
    if isinstance(model_field, models.FileField):
        return ()  # Frappe's "Attach", but a web form attaches through File rows: use a CharField for the URL
    fieldtype = meta.fieldtype(model_field)
    if fieldtype in ("Check", "Datetime", "Date"):
        return (fieldtype,)
    if model_field.choices:
        return ("Select",)  # the model only accepts its choices
    if fieldtype in NUMBER_FIELDTYPES:
        return NUMBER_FIELDTYPES[fieldtype]
    if isinstance(model_field, (models.CharField, models.TextField)):
        return _text_fieldtypes(model_field)
    return ("Data",)


def _text_fieldtypes(model_field: models.Field) -> tuple[str, ...]:
    first = (
        "Email" if isinstance(model_field, models.EmailField)
        else "URL" if isinstance(model_field, models.URLField)
        else "Text" if isinstance(model_field, models.TextField)
        else "Data"
    )
    return (first, *(t for t in TEXT_FIELDTYPES if t != first))


def default_fieldtype(model_field: models.Field) -> str:
    """The field type a web form field gets when the admin leaves it empty."""
    allowed = allowed_fieldtypes(model_field)
    return allowed[0] if allowed else "Data"


def form_fields_of(doctype: DocType) -> dict[str, models.Field]:
    """The model fields a web form on ``doctype`` may list, by name."""
    protected = meta.standard_fieldnames(doctype)  # a visitor must never set them
    return {
        name: field
        for name, field in doctype.field_map.items()
        if field.editable and not field.auto_created and name not in protected and allowed_fieldtypes(field)
        and not (field.primary_key and isinstance(field, models.AutoField))
    }


def unusable_reason(doctype: DocType, fieldname: str) -> str:
    """Why a field of ``doctype`` cannot be in a web form (for the admin's message)."""
    field = doctype.get_field(fieldname)
    if field is None:
        return "it is not a field of the model"
    if fieldname in meta.standard_fieldnames(doctype):
        return "it is set by the server"
    if isinstance(field, models.FileField):
        return "FileFields are not supported; store an Attach field's URL in a CharField"
    if not allowed_fieldtypes(field):
        return f"{type(field).__name__} fields are not supported"
    return "it is not editable"


def options_list(options: str) -> list[str]:
    """A Select's options: one a line, blank lines dropped."""
    return [line.strip() for line in (options or "").splitlines() if line.strip()]
