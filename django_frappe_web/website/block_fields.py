"""The fields a web template declares and the values a block gives them: the checks, with no
model and no request (the models validate with them; :mod:`.blocks` renders).

Field types (Frappe's names): text types (``Data``, ``Small Text``, ``Text``, ``Long Text``,
``Select`` with ``options`` one a line, ``Color``), URLs (``URL``, ``Image``, ``Attach Image``: a
path or an http(s)/mailto/tel URL, never ``javascript:``), ``Markdown Editor``, ``HTML`` (trusted),
``Check``, ``Int`` and ``Table`` (a list of rows, each checked against the field's own ``fields``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError, engines
from django.utils.translation import gettext as _

TEXT_TYPES = frozenset({"Data", "Small Text", "Text", "Long Text", "Markdown Editor", "HTML",
                        "Attach Image", "Image", "URL", "Select", "Color"})
URL_TYPES = frozenset({"Attach Image", "Image", "URL"})
# The texts a reader reads, which a page's translation may translate (website/blocks.py); not
# addresses, images, options or colours.
PROSE_TYPES = frozenset({"Data", "Small Text", "Text", "Long Text", "Markdown Editor", "HTML"})
FIELD_TYPES = TEXT_TYPES | {"Check", "Int", "Table"}
SAFE_URL_STARTS = ("/", "#", "http://", "https://", "mailto:", "tel:", "?")
MAX_VALUE_LENGTH = 100_000


def compile_template(source: str) -> Any:
    """``source`` compiled with the project's first template engine, or a ValidationError."""
    try:
        return engines.all()[0].from_string(source or "")
    except (TemplateSyntaxError, Exception) as exc:  # noqa: BLE001 - Jinja2 raises its own errors
        raise ValidationError(_("The template does not compile: {exc}").format(exc=exc)) from None


def check_declared_fields(fields: Any, nested: bool = False) -> None:
    """A template's declared fields: a list of dicts with a unique identifier ``fieldname`` and a known ``fieldtype``."""
    if not isinstance(fields, list):
        raise ValidationError(_("Fields must be a list of {fieldname, fieldtype} objects."))
    seen = set()
    for field in fields:
        name = field.get("fieldname") if isinstance(field, dict) else None
        if not isinstance(name, str) or not name.isidentifier():
            raise ValidationError(_("Each field needs a fieldname that is an identifier: {field!r}").format(
                field=field))
        if name in seen:
            raise ValidationError(_("The field {name!r} is declared twice.").format(name=name))
        seen.add(name)
        fieldtype = field.get("fieldtype", "Data")
        if fieldtype not in FIELD_TYPES or (nested and fieldtype == "Table"):
            raise ValidationError(_("The field {name!r} has an unknown fieldtype {fieldtype!r}.").format(
                name=name, fieldtype=fieldtype))
        if fieldtype == "Table":
            check_declared_fields(field.get("fields"), nested=True)


def clean_values(fields: tuple[dict, ...] | list[dict], values: Any, where: str = "") -> dict[str, Any]:
    """``values`` checked against the declared ``fields``: no unknown key, required ones present,
    each of its field's type. A ValidationError names every problem."""
    if not isinstance(values, dict):
        raise ValidationError(_("{where}The values must be an object of field names.").format(where=where))
    declared = {field["fieldname"]: field for field in fields}
    problems = [f"{where}Unknown field {key!r}." for key in values if key not in declared]
    cleaned = {}
    for name, field in declared.items():
        value = values.get(name)
        if value is None or value == "" or value == []:
            if field.get("reqd"):
                problems.append(f"{where}{field.get('label') or name} is required.")
            continue
        problem = _value_problem(field, value)
        if problem:
            problems.append(f"{where}{name}: {problem}")
        elif field.get("fieldtype") == "Table":
            try:
                cleaned[name] = [clean_values(field["fields"], row, f"{where}{name} row {n}: ") for n, row in enumerate(value, 1)]
            except ValidationError as exc:
                problems.extend(exc.messages)
        else:
            cleaned[name] = value
    if problems:
        raise ValidationError(problems)
    return cleaned


def _value_problem(field: dict, value: Any) -> str | None:
    fieldtype = field.get("fieldtype", "Data")
    if fieldtype == "Check":
        return None if isinstance(value, bool) or value in (0, 1) else "must be true or false."
    if fieldtype == "Int":
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number."
    if fieldtype == "Table":
        return None if isinstance(value, list) and len(value) <= 100 else "must be a list (at most 100 rows)."
    if not isinstance(value, str):
        return "must be text."
    if len(value) > MAX_VALUE_LENGTH:
        return f"is longer than {MAX_VALUE_LENGTH} characters."
    if fieldtype in URL_TYPES and not value.strip().lower().startswith(SAFE_URL_STARTS):
        return "must be a path or an http(s), mailto: or tel: URL."
    if fieldtype == "Select" and field.get("options") and value not in str(field["options"]).split("\n"):
        return f"must be one of {field['options'].splitlines()}."
    return None
