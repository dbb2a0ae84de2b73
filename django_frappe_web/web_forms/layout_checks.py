"""The admin designer's checks of a form's layout and conditions, across its rows.

* ``depends_on`` / ``mandatory_depends_on`` must parse (see :mod:`.conditions`) and read
  only fields of this form; a Section Break takes ``depends_on`` (hiding what it holds), other
  breaks neither, tables no ``mandatory_depends_on``;
* ``max_rows`` is for Table rows;
* an Attach field must be on the last step: a multi-step form is posted step by step, and a
  browser does not send a file chosen on an earlier step again.
"""

from __future__ import annotations

from django import forms

from ..models import WebFormField
from .conditions import ConditionError, parse


def _fieldtype(form: forms.ModelForm) -> str:
    return form.instance.fieldtype or form.cleaned_data.get("fieldtype") or ""


def check_row_conditions(rows: list[forms.ModelForm]) -> None:
    names = {form.cleaned_data.get("fieldname") for form in rows} - {"", None}
    for form in rows:
        fieldtype = _fieldtype(form)
        if form.cleaned_data.get("max_rows") is not None and fieldtype != "Table":
            form.add_error("max_rows", "Max rows is for Table fields only.")
        for attribute in ("depends_on", "mandatory_depends_on"):
            text = form.cleaned_data.get(attribute) or ""
            if not text.strip():
                continue
            shows_section = fieldtype == "Section Break" and attribute == "depends_on"
            if (fieldtype in WebFormField.BREAK_TYPES and not shows_section) or \
                    (fieldtype == "Table" and attribute == "mandatory_depends_on"):
                form.add_error(attribute, f"A {fieldtype} cannot have this condition.")
                continue
            try:
                condition = parse(text)
            except ConditionError as exc:
                form.add_error(attribute, str(exc))
                continue
            unknown = sorted(condition.fieldnames - names)
            if unknown:
                form.add_error(attribute, f"{', '.join(unknown)}: not a field of this form; a condition reads the "
                                          "form's own fields.")


def check_layout(rows: list[forms.ModelForm]) -> None:
    ordered = sorted(enumerate(rows), key=lambda pair: (pair[1].cleaned_data.get("ordering") or 0, pair[0]))
    types = [_fieldtype(form) for _index, form in ordered]
    if "Page Break" not in types:
        return
    last_break = len(types) - 1 - types[::-1].index("Page Break")
    for position, (_index, form) in enumerate(ordered):
        if position < last_break and types[position] == "Attach":
            form.add_error("fieldtype", "An Attach field must be on the last step: a browser does not post a file "
                                        "chosen on an earlier step again.")
