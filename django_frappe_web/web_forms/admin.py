"""The Web Form admin: a form row with inline fields, checked against the doctype's model.

Registered by ``django_frappe_web/admin.py``. It refuses what could never work on the
site: a field the model lacks (or that the server owns, like ``owner``), a field type
that does not fit the model field, a hidden or read-only mandatory field without a
default, a route that clashes with another form's pages, options that need an owner
field the model does not have, and a success URL on another site.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..doctypes import DocType, get_doctype_for_model, site
from ..exceptions import DoesNotExistError, FrappeError
from ..models import WebForm, WebFormField
from ..website.paths import normalize_path
from .embedding import invalid_domains, split_domains
from .export import check_can_export, csv_response
from .fields import allowed_fieldtypes, default_fieldtype, form_fields_of, options_list, unusable_reason
from .layout_checks import check_layout, check_row_conditions
from .notifications import invalid_addresses
from .routes import conflicting_routes, form_url
from .spec import load_spec
from .tables import child_relations, table_problems
from .translations_admin import WebFormTranslationInline

# Options that need to know who sent a response, with their labels.
OWNER_OPTIONS = {"show_list": "Show list", "allow_edit": "Allow editing", "allow_delete": "Allow deleting"}


def doctype_choices() -> list[tuple[str, str]]:
    """Registered doctypes that accept new documents."""
    return [("", "---------")] + [(name, name) for name in site.names() if not site.get(name).read_only]


def fieldname_choices(doctype_name: str | None) -> list:
    """The usable fields of one doctype; on a new form (doctype unknown yet) every doctype's, grouped."""
    def choices_of(doctype: DocType) -> list[tuple[str, str]]:
        fields = [(name, _choice_label(name, field)) for name, field in form_fields_of(doctype).items()]
        tables = [(name, f"{name} (table of {rel.related_model.__name__})")
                  for name, rel in child_relations(doctype).items()]
        return fields + tables

    doctype = _doctype_or_none(doctype_name)
    if doctype is not None:
        return [("", "---------"), *choices_of(doctype)]
    return [("", "---------")] + [(name, choices_of(site.get(name))) for name, _label in doctype_choices()[1:]]


def _choice_label(name: str, field: models.Field) -> str:
    verbose = str(field.verbose_name)
    return name if verbose == name.replace("_", " ") else f"{name} ({verbose})"


def _doctype_or_none(name: str | None) -> DocType | None:
    try:
        return site.get(name) if name else None
    except DoesNotExistError:
        return None


# -- the form row ------------------------------------------------------------------------


class WebFormAdminForm(forms.ModelForm):
    doctype = forms.ChoiceField(choices=doctype_choices, help_text=gettext_lazy("The registered doctype this form creates documents of."))

    class Meta:
        model = WebForm
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose
        widgets = {"allowed_embedding_domains": forms.Textarea(attrs={"rows": 2}),
                   "list_columns": forms.Textarea(attrs={"rows": 2}),
                   "success_message": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "route": "E.g. contact: visitors open /contact, the form itself is at /contact/new.",
            "login_required": "Guests are sent to the login page first.",
            "anonymous": "Record no owner, even for logged-in visitors.",
            "allow_multiple": "Off: one response per user; a user who answered is sent to their response.",
            "allow_edit": "Owners may edit their response (at /contact/NAME/edit).",
            "allow_delete": "Owners may delete their response, after confirming.",
            "show_list": "Logged-in users see their own responses (at /contact/list).",
            "allow_incomplete": "Logged-in users may save a draft and finish it later from the list.",
            "list_columns": "Fields shown (and sortable) in the list, one a line, like status.",
            "client_script": "JavaScript run on the form's pages, with frappe.web_form.on(field, fn), get_value, "
                             "set_value and validate (docs/web-forms.md). Served as a file, never inline.",
            "custom_css": "CSS for the form's pages, served as a file.",
            "notify_emails": "Told of each new response (with its values), one address a line.",
            "confirmation_field": "A field holding the respondent's email, like email: they get a confirmation.",
            "introduction_text": "Markdown, shown above the form.",
            "success_message": "Markdown, shown after a successful submission.",
            "success_url": "Or redirect to a path on this site, like /thank-you.",
            "allowed_embedding_domains": "Sites that may show the form in a frame, one a line, like "
                                         "https://example.com. Empty: only this site.",
        }

    def clean_route(self) -> str:
        route = normalize_path(self.cleaned_data["route"] or "")
        if not route:
            raise DjangoValidationError(_("Use letters, digits, '-', '_' and '/' only; no '..' or hidden parts."))
        clashes = conflicting_routes(route, exclude_pk=self.instance.pk)
        if clashes:
            raise DjangoValidationError(
                _("This route clashes with the web form at /{route}: their pages (/<route>/new, /<route>/<name>...) "
                  "would overlap. Choose another route.").format(
                    route=clashes[0]))
        return route

    def clean_success_url(self) -> str:
        url = self.cleaned_data["success_url"].strip()
        hosts = {host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))}
        if url and not (url.startswith("/") or url.startswith("http")):
            raise DjangoValidationError(_("Use a path on this site, like /thank-you."))
        if url and not url_has_allowed_host_and_scheme(url, hosts):
            raise DjangoValidationError(_("Visitors are only ever redirected on this site: use a path like "
                                          "/thank-you."))
        return url

    def clean_allowed_embedding_domains(self) -> str:
        text = self.cleaned_data["allowed_embedding_domains"]
        invalid = invalid_domains(text)
        if invalid:
            raise DjangoValidationError(
                _("Not a domain: {invalid}. Write one per line, like https://example.com or *.example.com.").format(
                    invalid=', '.join(invalid)))
        return "\n".join(split_domains(text))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        doctype = _doctype_or_none(data.get("doctype"))
        if doctype is not None:
            self._check_owner_options(data, doctype)
            self._check_confirmation_field(data, doctype)
            unknown = [name for name in options_list(data.get("list_columns", "")) if name not in form_fields_of(doctype)]
            if unknown:
                self.add_error("list_columns", f"{doctype.name} has no field a list may show named {', '.join(unknown)}.")
        if not data.get("allow_multiple") and not data.get("login_required"):
            self.add_error("allow_multiple", "One response per user needs Login required: guests cannot be told apart.")
        if data.get("allow_incomplete") and not (data.get("login_required") and data.get("show_list")):
            self.add_error("allow_incomplete", "Drafts need Login required and Show list: a draft is its user's, "
                                               "finished later from the list.")
        return data

    def clean_notify_emails(self) -> str:
        text = self.cleaned_data["notify_emails"]
        if invalid_addresses(text):
            raise DjangoValidationError(_("Not an email address: {text}. One per line.").format(
                text=', '.join(invalid_addresses(text))))
        return "\n".join(options_list(text))

    def _check_confirmation_field(self, data: dict[str, Any], doctype: DocType) -> None:
        name = data.get("confirmation_field")
        if name and not isinstance(form_fields_of(doctype).get(name), (models.EmailField, models.CharField)):
            self.add_error("confirmation_field", f"{doctype.name} has no text field “{name}” for an email address.")

    def _check_owner_options(self, data: dict[str, Any], doctype: DocType) -> None:
        """List, edit, delete and single-response need to know whose a document is."""
        wanted = {name: label for name, label in OWNER_OPTIONS.items() if data.get(name)}
        if not data.get("allow_multiple", True):
            wanted["allow_multiple"] = "One response per user (allow multiple off)"
        for name, label in wanted.items():
            if doctype.owner_field is None:
                self.add_error(name, f"{doctype.name} has no owner field, so the form cannot offer “{label}”. "
                                     "Add an owner ForeignKey to the model (or set owner_field on its DocType).")
            elif data.get("anonymous"):
                self.add_error(name, f"An anonymous form records no owner, so it cannot offer “{label}”.")


# -- the field rows ----------------------------------------------------------------------


class WebFormFieldForm(forms.ModelForm):
    fieldname_choices: list = []

    class Meta:
        model = WebFormField
        fields = ["fieldname", "label", "fieldtype", "reqd", "default", "options", "description", "hidden",
                  "read_only", "depends_on", "mandatory_depends_on", "max_rows", "ordering"]
        widgets = {"options": forms.Textarea(attrs={"rows": 2, "cols": 18}),
                   "description": forms.TextInput(attrs={"size": 18}),
                   "label": forms.TextInput(attrs={"size": 16}),
                   "default": forms.TextInput(attrs={"size": 10}),
                   "depends_on": forms.TextInput(attrs={"size": 14}),
                   "mandatory_depends_on": forms.TextInput(attrs={"size": 14}),
                   "max_rows": forms.NumberInput(attrs={"style": "width: 4em"}),
                   "ordering": forms.NumberInput(attrs={"style": "width: 4em"})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["fieldname"] = forms.ChoiceField(choices=self.fieldname_choices, label=_("Field"), required=False,
                                                     help_text=_("Empty for a Section, Column or Page Break."))
        self.fields["fieldtype"].choices = [("", "(from the model)"), *WebFormField.FIELDTYPES]


class WebFormFieldFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        doctype = _doctype_or_none(self.instance.doctype)
        if doctype is None:
            return  # the form row's own error says why
        usable = form_fields_of(doctype)
        # Every kept row, changed or not: conditions read rows saved before, a Page Break added now
        # puts an Attach row saved before on an earlier step, and the doctype may have changed.
        rows = [form for form in self.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]
        for form in rows:
            check_row(form, doctype, usable)
        check_row_conditions(rows)
        check_layout(rows)


def check_row(form: forms.ModelForm, doctype: DocType, usable: dict[str, models.Field]) -> None:
    """One row: a layout break (no field), a child table, or a field of the model."""
    data = form.cleaned_data
    fieldtype, fieldname = data.get("fieldtype") or "", data.get("fieldname") or ""
    if fieldtype in WebFormField.BREAK_TYPES:
        if fieldname:
            form.add_error("fieldname", f"A {fieldtype} lays the form out and has no field: leave Field empty.")
    elif not fieldname:
        form.add_error("fieldname", "Choose a field (only Section, Column and Page Breaks have none).")
    elif fieldtype == "Table" or (not fieldtype and fieldname in child_relations(doctype)):
        form.instance.fieldtype = "Table"
        for message in table_problems(doctype, fieldname, data.get("options", "")):
            form.add_error("options" if "column" in message else "fieldname", message)
    else:
        check_field_row(form, doctype, usable)


def check_field_row(form: forms.ModelForm, doctype: DocType, usable: dict[str, models.Field]) -> None:
    """Refuse a row that cannot work on ``doctype``; fill in the field type from the model."""
    data = form.cleaned_data
    fieldname = data["fieldname"]
    model_field = usable.get(fieldname)
    if model_field is None:
        form.add_error("fieldname", f"{doctype.name} has no field “{fieldname}” a visitor may fill: "
                                    f"{unusable_reason(doctype, fieldname)}.")
        return
    fieldtype = data.get("fieldtype") or default_fieldtype(model_field)
    form.instance.fieldtype = fieldtype
    allowed = allowed_fieldtypes(model_field)
    if fieldtype not in allowed:
        form.add_error("fieldtype", f"{fieldtype} does not fit {fieldname} ({type(model_field).__name__}); "
                                    f"use {', '.join(allowed)}.")
    else:
        for message in _row_problems(data, fieldtype, model_field):
            form.add_error(None, message)


def _row_problems(data: dict[str, Any], fieldtype: str, model_field: models.Field) -> list[str]:
    problems = []
    default, options = data.get("default", ""), options_list(data.get("options", ""))
    fixed = data.get("hidden") or data.get("read_only")
    model_requires = not model_field.blank and not model_field.has_default() and fieldtype != "Check"
    if fixed and default == "" and (data.get("reqd") or model_requires):
        problems.append(f"“{data['fieldname']}” is mandatory but hidden or read-only: give it a default, "
                        "since visitors cannot fill it.")
    if fieldtype == "Link" and get_doctype_for_model(model_field.related_model) is None:
        problems.append(f"“{data['fieldname']}” links to {model_field.related_model.__name__}, which is not a "
                        "registered doctype.")
    if fieldtype == "Select":
        problems += _select_problems(data["fieldname"], options, model_field)
    if default != "" and fieldtype == "Attach":
        problems.append(f"“{data['fieldname']}” is an Attach field: it takes an upload, not a default.")
    elif default != "":
        problems += _default_problems(data["fieldname"], default, fieldtype, model_field)
    return problems


def _select_problems(fieldname: str, options: list[str], model_field: models.Field) -> list[str]:
    if not options and not model_field.choices:
        return [f"“{fieldname}” is a Select: list its options, one per line."]
    allowed = {str(value) for value, _label in model_field.flatchoices} if model_field.choices else None
    outside = [option for option in options if allowed is not None and option not in allowed]
    return [f"Options of “{fieldname}” the model does not accept: {', '.join(outside)}."] if outside else []


def _default_problems(fieldname: str, default: str, fieldtype: str, model_field: models.Field) -> list[str]:
    try:
        if fieldtype == "Link":
            target = get_doctype_for_model(model_field.related_model)
            if target is not None:
                target.get_object(default)
        else:
            model_field.clean(default, None)
    except (DjangoValidationError, DoesNotExistError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, DjangoValidationError) else str(exc)
        return [f"The default of “{fieldname}” is not valid: {text}"]
    return []


class WebFormFieldInline(admin.TabularInline):
    model = WebFormField
    form = WebFormFieldForm
    formset = WebFormFieldFormSet
    extra = 3

    def get_formset(self, request: Any, obj: WebForm | None = None, **kwargs: Any) -> Any:
        form = type("WebFormFieldForm", (WebFormFieldForm,),
                    {"fieldname_choices": fieldname_choices(obj.doctype if obj else None)})
        return super().get_formset(request, obj, form=form, **kwargs)


# -- the admin ---------------------------------------------------------------------------


class WebFormAdmin(admin.ModelAdmin):
    form = WebFormAdminForm
    inlines = [WebFormFieldInline, WebFormTranslationInline]
    list_display = ["title", "route", "doctype", "published", "login_required", "modified"]
    list_filter = ["published", "login_required", "doctype"]
    search_fields = ["title", "route"]
    prepopulated_fields = {"route": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "route", "doctype", "published"]}),
        (gettext_lazy("Who may answer, and how"), {"fields": ["login_required", "anonymous", "allow_multiple", "allow_edit",
                                                "allow_delete", "show_list", "allow_incomplete", "list_columns"]}),
        (gettext_lazy("Texts"), {"fields": ["introduction_text", "button_label", "success_message", "success_url"]}),
        (gettext_lazy("Limits"), {"fields": ["max_attachment_size"]}),
        (gettext_lazy("Notifications"), {"fields": ["notify_emails", "confirmation_field"]}),
        (gettext_lazy("Embedding"), {"fields": ["allowed_embedding_domains"], "classes": ["collapse"]}),
        (gettext_lazy("Custom script and style"), {"fields": ["client_script", "custom_css"], "classes": ["collapse"]}),
    ]
    actions = ["export_csv"]

    @admin.action(description=gettext_lazy("Export the responses as CSV"))
    def export_csv(self, request: Any, queryset: Any) -> Any:
        if queryset.count() != 1:
            self.message_user(request, _("Choose one web form to export its responses."), messages.ERROR)
            return None
        try:
            spec = load_spec(queryset.get())
            check_can_export(spec, request.user)
        except (FrappeError, DoesNotExistError) as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        return csv_response(spec)

    def view_on_site(self, obj: WebForm) -> str:
        return form_url(obj.route)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        missing = missing_required_fields(form.instance)
        if missing:
            self.message_user(request, _("{doctype} needs {fields}, which the form does not list: submissions will "
                                         "fail unless the model fills them itself.").format(
                                  doctype=form.instance.doctype, fields=", ".join(missing)),
                              messages.WARNING)


def missing_required_fields(web_form: WebForm) -> list[str]:
    """Model fields a submission must fill that the form neither shows nor defaults."""
    doctype = _doctype_or_none(web_form.doctype)
    if doctype is None:
        return []
    listed = {row.fieldname for row in web_form.fields.all()}
    return [name for name, field in form_fields_of(doctype).items()
            if name not in listed and not field.blank and not field.has_default()]
