"""A Django ``forms.Form`` built from a ``WebForm`` row and its doctype's model fields.

Each listed field becomes the form field Django would make for the model field
(so ``max_length``, choices, number ranges and date parsing come from the model),
then is adjusted to the admin's field type, label, mandatory flag and default.
Hidden fields are not in the form at all: visitors cannot set them, the server
writes their default. Read-only fields are rendered disabled and their posted
values ignored (Django's ``disabled``).

A field the client did not send at all is not written: a new document keeps the
model's default (as Frappe's ``new_doc`` + ``update``), an edited one its stored
value. Browsers omit an unticked checkbox, so the form's checkboxes post a hidden
``false`` under the same name first (:class:`SentCheckboxInput`): an unticked box
is ``false``, a missing one is "not sent".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.text import capfirst

from ..doctypes import DocType, get_doctype_for_model
from ..document import Document
from ..utils import to_flag
from .conditions import Condition
from .fields import MAX_TEXT_LENGTH
from .layout import section_key
from .spec import FieldSpec, WebFormSpec, load_spec
from .tables import ChildRowsFormSet, build_formset

__all__ = ["AttachedFile", "FieldSpec", "SubmissionForm", "WebFormSpec", "build_form_field", "load_spec"]

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


# -- form fields -------------------------------------------------------------------------


class AttachedFile(str):
    """An Attach field's stored URL, with the ``url`` Django's file inputs show as "Currently: ..."."""

    @property
    def url(self) -> str:
        return str(self)


class SentCheckboxInput(forms.CheckboxInput):
    """A checkbox that tells "unticked" from "not sent": the page posts a hidden ``false``
    before it under the same name (the last value wins, so a ticked box reads as ticked)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        checkbox = super().render(name, value, attrs, renderer)
        if (attrs or {}).get("disabled") or self.attrs.get("disabled"):
            return checkbox  # a disabled box posts nothing and its value is ignored anyway
        return format_html('<input type="hidden" name="{}" value="false">{}', name, checkbox)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        # Script clients send Frappe's 0/1 (or "0"/"1"); Django would read the string "0" as ticked.
        return to_flag(data.get(name) if name in data else False)


class LinkChoiceField(forms.ModelChoiceField):
    """A link to another doctype: a select of the documents this visitor may read, by title."""

    def __init__(self, target: DocType, *args: Any, **kwargs: Any):
        self.target = target
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: models.Model) -> str:
        return self.target.get_title(obj)


def _textual(model_field: models.Field, **kwargs: Any) -> forms.Field:
    if model_field.max_length is None:
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
    return model_field.formfield(**kwargs)


def _select(spec: FieldSpec, user: Any) -> forms.Field:
    if not spec.options:
        return spec.model_field.formfield()  # the model's choices
    labels = dict(spec.model_field.flatchoices) if spec.model_field.choices else {}
    choices = [(option, labels.get(option, option)) for option in spec.options]
    # Typed like the model field: "3" becomes 3 for a number, "" becomes None for a nullable one.
    return forms.TypedChoiceField(choices=[("", "---------"), *choices], coerce=spec.model_field.to_python,
                                  empty_value=None if spec.model_field.null else "", required=not spec.model_field.blank)


def _link(spec: FieldSpec, user: Any) -> forms.Field:
    target = get_doctype_for_model(spec.model_field.related_model)
    if target is None:
        raise LookupError(f"{spec.model_field.related_model.__name__} is not a registered doctype")
    queryset = target.get_permitted_queryset(user)
    title = target.opts.get_field(target.title_field)
    if not title.is_relation:
        queryset = queryset.order_by(target.title_field)
    return LinkChoiceField(target, queryset=queryset, to_field_name=target.name_field,
                           required=not spec.model_field.blank)


BUILDERS = {
    "Data": lambda spec, user: _textual(spec.model_field, widget=forms.TextInput),
    "Small Text": lambda spec, user: _textual(spec.model_field, widget=forms.Textarea(attrs={"rows": 3})),
    "Text": lambda spec, user: _textual(spec.model_field, widget=forms.Textarea(attrs={"rows": 6})),
    "Email": lambda spec, user: _textual(spec.model_field, form_class=forms.EmailField),
    "URL": lambda spec, user: _textual(spec.model_field, form_class=forms.URLField, assume_scheme="https"),
    "Phone": lambda spec, user: _textual(spec.model_field, widget=forms.TextInput(attrs={"type": "tel"})),
    "Password": lambda spec, user: _textual(spec.model_field, widget=forms.PasswordInput),
    "Int": lambda spec, user: spec.model_field.formfield(),
    "Float": lambda spec, user: spec.model_field.formfield(),
    "Currency": lambda spec, user: spec.model_field.formfield(),
    "Date": lambda spec, user: spec.model_field.formfield(
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)),
    "Datetime": lambda spec, user: spec.model_field.formfield(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)),
    "Check": lambda spec, user: spec.model_field.formfield(widget=SentCheckboxInput),
    "Attach": lambda spec, user: forms.FileField(required=not spec.model_field.blank),
    "Select": _select,
    "Link": _link,
}


def build_form_field(spec: FieldSpec, user: Any) -> forms.Field:
    """The form field for one web form field, as ``user`` sees it (links list what they may read)."""
    form_field = BUILDERS[spec.fieldtype](spec, user)
    form_field.label = spec.label
    form_field.help_text = spec.description
    form_field.show_hidden_initial = False
    # A checkbox is "required" only when it must be ticked (an "I agree" box).
    form_field.required = spec.reqd if spec.fieldtype == "Check" else (spec.reqd or form_field.required)
    form_field.disabled = spec.read_only
    if spec.default != "":
        form_field.initial = _initial(form_field, spec.default)
    form_field.widget.is_required = form_field.required
    return form_field


def _initial(form_field: forms.Field, default: str) -> Any:
    if isinstance(form_field, forms.BooleanField):
        return form_field.to_python(default)
    return default


# -- the form ----------------------------------------------------------------------------


class SubmissionForm(forms.Form):
    """The visitor's form: the web form's visible fields and child tables, validated as the model would.

    ``conditions`` hold the fields' and tables' ``depends_on``; one that is false hides its
    field (``hidden_by_condition``): neither required, validated nor saved. A true
    ``mandatory_depends_on`` makes its field required. Both are decided from the values sent
    (or stored, or defaults), as the page's script decides them.
    """

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, spec: WebFormSpec, user: Any, data: Any = None, files: Any = None,
                 initial: dict[str, Any] | None = None, editing: bool = False, instance: models.Model | None = None,
                 fixed: dict[str, Any] | None = None):
        super().__init__(data=data, files=files, initial={**(initial or {}), **(fixed or {})}, label_suffix="")
        self.spec, self.instance, self.editing = spec, instance, editing
        for field_spec in spec.visible_fields:
            self.fields[field_spec.fieldname] = build_form_field(field_spec, user)
            if spec.is_multi_step and field_spec.fieldtype == "Password":
                self.fields[field_spec.fieldname].widget.render_value = True  # carried from step to step
            if field_spec.fieldname in (fixed or {}):  # a keyed link's fixed value: shown, never taken from the post
                self.fields[field_spec.fieldname].disabled = True
        # A table not sent at all is left alone (unbound): edited through ``accept`` without it, it keeps its rows.
        self.tables: dict[str, ChildRowsFormSet] = {
            table.fieldname: build_formset(table, user, instance, data=data, files=files)
            if self._table_sent(table.fieldname) else build_formset(table, user, instance) for table in spec.tables}
        self.conditions: dict[str, Condition] = {
            **{fs.fieldname: fs.depends_on for fs in spec.visible_fields if fs.depends_on},
            **{table.fieldname: table.depends_on for table in spec.tables if table.depends_on}}
        if self.is_bound:
            self._excuse_unsent_fields(editing)
        self.hidden_by_condition = self._apply_conditions()

    def _table_sent(self, name: str) -> bool:
        return self.is_bound and f"{name}-TOTAL_FORMS" in self.data

    def _excuse_unsent_fields(self, editing: bool) -> None:
        """A field not sent keeps its stored value (edit) or the model's default (create), so it
        is not "required" then -- unless the form demands it and there is nothing stored."""
        for field_spec in self.spec.visible_fields:
            if field_spec.fieldtype == "Attach" or self.was_sent(field_spec.fieldname):
                continue
            if editing or (not field_spec.reqd and field_spec.model_field.has_default()):
                self.fields[field_spec.fieldname].required = False

    def _apply_conditions(self) -> set[Any]:
        """Evaluate the conditions in the form's order (a field hidden earlier reads as empty)."""
        values = {fs.fieldname: fs.default if fs.hidden else self._current_value(fs.fieldname) for fs in self.spec.fields}
        hidden = set()
        for name, condition in self.conditions.items():
            if not condition.evaluate(values):
                hidden.add(name)
                values[name] = None
        for section in (section for page in self.spec.pages for section in page.sections):
            if section.depends_on is not None and not section.depends_on.evaluate(values):
                hidden.add(section_key(section))  # the section itself, for the page, and everything in it
                hidden.update(section.names)
                values.update(dict.fromkeys(section.names))
        for field_spec in self.spec.visible_fields:
            name = field_spec.fieldname
            if name in hidden:
                self.fields[name].required = False
            elif field_spec.mandatory_depends_on and field_spec.mandatory_depends_on.evaluate(values):
                self.fields[name].required = not field_spec.read_only
        return hidden

    def _current_value(self, name: str) -> Any:
        form_field = self.fields[name]
        if self.is_bound and self.was_sent(name) and not form_field.disabled:
            raw = form_field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                return form_field.clean(raw)
            except forms.ValidationError:
                return raw
        return self.get_initial_for_field(form_field, name)

    def was_sent(self, fieldname: str) -> bool:
        """Whether the client sent a value for ``fieldname`` (an unticked checkbox counts)."""
        widget = self.fields[fieldname].widget
        return not widget.value_omitted_from_data(self.data, self.files, self.add_prefix(fieldname))

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.hidden_by_condition & set(self.fields):  # not shown: not validated, not saved
            self._errors.pop(name, None)
            getattr(self, "cleaned_data", {}).pop(name, None)

    def active_tables(self) -> dict[str, ChildRowsFormSet]:
        """The tables to validate and save: sent, and not hidden by a condition."""
        return {name: formset for name, formset in self.tables.items()
                if formset.is_bound and name not in self.hidden_by_condition}

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for formset in self.active_tables().values():
            valid = formset.is_valid() and valid
        for table in self.spec.tables:  # a mandatory table the client did not send at all
            if table.reqd and not self.editing and table.fieldname not in self.hidden_by_condition \
                    and not self.tables[table.fieldname].is_bound:
                self.add_error(None, f"{table.label}: add at least one row.")
                valid = False
        return valid

    def has_errors_in(self, names: list[str]) -> bool:
        """Whether a field or table among ``names`` (one step's) has an error."""
        if any(name in self.errors for name in names):
            return True
        return any(not formset.is_valid() for name, formset in self.active_tables().items() if name in names)

    def keep_errors_of(self, names: list[str] | None) -> None:
        """Show only the errors of ``names`` (one step's fields; None: none at all)."""
        kept = set(names or ())
        for name in list(self.errors):
            if name not in kept:
                del self._errors[name]
        for name, formset in self.tables.items():
            if name not in kept and formset.is_bound:
                formset._non_form_errors = formset.error_class()
                for row in formset.forms:
                    row._errors = forms.utils.ErrorDict()
                formset._errors = [row._errors for row in formset.forms]

    def values(self) -> dict[str, Any]:
        """What the visitor may write: cleaned values of the visible, editable fields they sent.

        A field not sent, or hidden by its condition, is left out, so the document keeps its
        default or stored value. Attach fields are always included (when shown): their own
        flow compares them with what is stored.
        """
        return {spec.fieldname: self.cleaned_data[spec.fieldname]
                for spec in self.spec.visible_fields
                if not spec.read_only and spec.fieldname not in self.hidden_by_condition
                and (spec.fieldtype == "Attach" or self.was_sent(spec.fieldname))}

    def make_read_only(self) -> None:
        for form_field in self.fields.values():
            form_field.disabled = True
        for formset in self.tables.values():
            formset.extra, formset.can_delete = 0, False
            for row in formset.forms:
                for form_field in row.fields.values():
                    form_field.disabled = True

    def add_model_errors(self, field_errors: dict[str, list[str]]) -> None:
        """Errors from the model's ``full_clean``: next to the field when it is in the form."""
        for fieldname, messages in field_errors.items():
            if fieldname in self.fields:
                self.add_error(fieldname, messages)
            else:
                label = _label_of(self.spec.doctype, fieldname)
                self.add_error(None, [f"{label}: {message}" if label else message for message in messages])

    def error_message(self) -> str:
        """All errors as one line, for API clients: ``Email: Enter a valid email address.``"""
        parts = []
        for name, errors in self.error_dict().items():
            label = self.fields[name].label if name in self.fields else ""  # a table's errors name it already
            parts += [f"{label}: {error}" if label else str(error) for error in errors]
        return "; ".join(parts)

    def error_dict(self) -> dict[str, list[str]]:
        """Errors by field, a table's as ``{"links": ["Links row 1: Label: This field is required."]}``."""
        found = {name: list(errors) for name, errors in self.errors.items()}
        for name, formset in self.active_tables().items():
            messages = [str(error) for error in formset.non_form_errors()]
            for number, row in enumerate(formset.forms, 1):
                messages += [f"{formset.table.label} row {number}: {row.fields[field].label if field in row.fields else field}: "
                             f"{error}" for field, errors in row.errors.items() for error in errors]
            if messages:
                found[name] = messages
        return found


def _label_of(doctype: DocType, fieldname: str) -> str:
    model_field = doctype.get_field(fieldname)
    return capfirst(model_field.verbose_name) if model_field else ""


def initial_from_document(spec: WebFormSpec, instance: models.Model) -> dict[str, Any]:
    """A saved response's values for the form (links as names, as the form posts them)."""
    doc = Document(spec.doctype, instance)
    initial = {field_spec.fieldname: getattr(doc, field_spec.fieldname) for field_spec in spec.visible_fields}
    for fieldname in spec.attach_fieldnames:
        if initial.get(fieldname):
            initial[fieldname] = AttachedFile(initial[fieldname])
    return initial
