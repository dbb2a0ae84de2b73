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

import logging
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.text import capfirst

from ..doctypes import DocType, get_doctype, get_doctype_for_model
from ..document import Document
from ..exceptions import PermissionError
from ..utils import to_flag
from .fields import MAX_TEXT_LENGTH, allowed_fieldtypes, default_fieldtype, form_fields_of, options_list

logger = logging.getLogger("django_frappe_web.web_forms")

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class FieldSpec:
    """One usable field of a web form: the admin's row resolved against the model."""

    fieldname: str
    label: str
    fieldtype: str
    reqd: bool
    default: str
    options: list[str]
    description: str
    hidden: bool
    read_only: bool
    model_field: models.Field

    @property
    def fixed(self) -> bool:
        """Visitors cannot fill it: the server writes the default."""
        return self.hidden or self.read_only


@dataclass
class WebFormSpec:
    """A web form row with its doctype and its usable fields, in order."""

    web_form: Any
    doctype: DocType
    fields: list[FieldSpec] = field(default_factory=list)

    @property
    def visible_fields(self) -> list[FieldSpec]:
        return [spec for spec in self.fields if not spec.hidden]

    @property
    def attach_fieldnames(self) -> list[str]:
        return [spec.fieldname for spec in self.fields if spec.fieldtype == "Attach"]

    @property
    def owner_field(self) -> str | None:
        return self.doctype.owner_field

    def fixed_values(self) -> dict[str, str]:
        """Hidden and read-only fields' defaults, written when a response is created."""
        return {spec.fieldname: spec.default for spec in self.fields if spec.fixed and spec.default != ""}


def load_spec(web_form: Any) -> WebFormSpec:
    """Resolve ``web_form``'s rows against its doctype; rows that cannot work are skipped and logged.

    The admin refuses such rows; this keeps a row saved another way (a shell, a
    fixture, a model that lost a field) from taking the page down.
    """
    doctype = get_doctype(web_form.doctype)
    if doctype.read_only:  # saved around the admin, which does not offer it: the form saves without permission checks
        raise PermissionError(f"Documents of {doctype.name} cannot be created through a web form.")
    usable = form_fields_of(doctype)
    spec = WebFormSpec(web_form, doctype)
    for row in web_form.fields.all():
        model_field = usable.get(row.fieldname)
        fieldtype = row.fieldtype or (default_fieldtype(model_field) if model_field is not None else "")
        if model_field is None or fieldtype not in allowed_fieldtypes(model_field):
            logger.warning("Web form %r: skipping field %r (%s)", web_form.route, row.fieldname,
                           "not a usable field of the model" if model_field is None else f"{fieldtype} does not fit it")
            continue
        spec.fields.append(FieldSpec(
            fieldname=row.fieldname,
            label=row.label or capfirst(model_field.verbose_name),
            fieldtype=fieldtype,
            reqd=row.reqd,
            default=row.default,
            options=options_list(row.options),
            description=row.description or str(model_field.help_text or ""),
            hidden=row.hidden,
            read_only=row.read_only,
            model_field=model_field,
        ))
    return spec


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
    """The visitor's form: the web form's visible fields, validated as the model would."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, spec: WebFormSpec, user: Any, data: Any = None, files: Any = None,
                 initial: dict[str, Any] | None = None, editing: bool = False):
        super().__init__(data=data, files=files, initial=initial, label_suffix="")
        self.spec = spec
        for field_spec in spec.visible_fields:
            self.fields[field_spec.fieldname] = build_form_field(field_spec, user)
        if self.is_bound:
            self._excuse_unsent_fields(editing)

    def _excuse_unsent_fields(self, editing: bool) -> None:
        """A field not sent keeps its stored value (edit) or the model's default (create), so it
        is not "required" then -- unless the form demands it and there is nothing stored."""
        for field_spec in self.spec.visible_fields:
            if field_spec.fieldtype == "Attach" or self.was_sent(field_spec.fieldname):
                continue
            if editing or (not field_spec.reqd and field_spec.model_field.has_default()):
                self.fields[field_spec.fieldname].required = False

    def was_sent(self, fieldname: str) -> bool:
        """Whether the client sent a value for ``fieldname`` (an unticked checkbox counts)."""
        widget = self.fields[fieldname].widget
        return not widget.value_omitted_from_data(self.data, self.files, self.add_prefix(fieldname))

    def values(self) -> dict[str, Any]:
        """What the visitor may write: cleaned values of the visible, editable fields they sent.

        A field not sent is left out, so the document keeps its default or stored value.
        Attach fields are always included: their own flow compares them with what is stored.
        """
        return {spec.fieldname: self.cleaned_data[spec.fieldname]
                for spec in self.spec.visible_fields
                if not spec.read_only and (spec.fieldtype == "Attach" or self.was_sent(spec.fieldname))}

    def make_read_only(self) -> None:
        for form_field in self.fields.values():
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
        for fieldname, errors in self.errors.items():
            label = self.fields[fieldname].label if fieldname in self.fields else ""
            parts += [f"{label}: {error}" if label else str(error) for error in errors]
        return "; ".join(parts)


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
