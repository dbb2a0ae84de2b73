"""Which model fields a web form may show, and as which Frappe field types.

Shared by the admin (which refuses what cannot work) and the form builder (which
skips it if a row was saved around the admin), so both apply the same rules.
"""

from __future__ import annotations

from django.db import models

from ..doctypes import DocType

# Free text without a max_length (TextField) is capped at this many characters, like
# Frappe's "Small Text"/"Text" columns; a visitor must not be able to store megabytes.
MAX_TEXT_LENGTH = 65535

# "Attach" stores the uploaded file's URL in a text field, as in Frappe (the file is a ``File`` row).
TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Select", "Email", "URL", "Phone", "Password", "Attach")


def allowed_fieldtypes(model_field: models.Field) -> tuple[str, ...]:
    """The field types that can edit ``model_field`` (the first is its default)."""
    if model_field.is_relation:
        return ("Link",) if model_field.many_to_one or model_field.one_to_one else ()
    if isinstance(model_field, models.FileField):
        return ()  # Attach files through File rows: use a CharField for the URL
    if isinstance(model_field, models.BooleanField):
        return ("Check",)
    if isinstance(model_field, models.DateTimeField):  # before DateField: it is a subclass
        return ("Datetime",)
    if isinstance(model_field, models.DateField):
        return ("Date",)
    if model_field.choices:
        return ("Select",)  # the model only accepts its choices
    if isinstance(model_field, models.IntegerField):
        return ("Int", "Select")
    if isinstance(model_field, (models.FloatField, models.DecimalField)):
        return ("Float", "Currency", "Select")
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


def protected_fieldnames(doctype: DocType) -> set[str]:
    """Fields a visitor must never set: the standard ones (owner, creation...), whoever fills them."""
    names = {doctype.owner_field, doctype.creation_field, doctype.modified_field, doctype.modified_by_field}
    return {name for name in names if name}


def form_fields_of(doctype: DocType) -> dict[str, models.Field]:
    """The model fields a web form on ``doctype`` may list, by name."""
    protected = protected_fieldnames(doctype)
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
    if fieldname in protected_fieldnames(doctype):
        return "it is set by the server"
    if isinstance(field, models.FileField):
        return "FileFields are not supported; store an Attach field's URL in a CharField"
    if not allowed_fieldtypes(field):
        return f"{type(field).__name__} fields are not supported"
    return "it is not editable"


def options_list(options: str) -> list[str]:
    """A Select's options: one a line, blank lines dropped."""
    return [line.strip() for line in (options or "").splitlines() if line.strip()]
