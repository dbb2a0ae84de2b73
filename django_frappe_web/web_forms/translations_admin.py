"""The web form's translations, inline next to the form in its admin (``WebFormAdmin.inlines``).

The field labels are one JSON object per translation rather than a row per field: Django's admin
nests no inline in an inline, so rows would be edited on a page of their own, away from the form
(docs/decisions.md). A new translation starts with every field of the form listed, to fill in.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import WebForm, WebFormTranslation
from ..translation_forms import TranslationForm


class WebFormTranslationForm(TranslationForm):
    """The language is one of the site's (the default one is the form's own); the model's clean
    checks the route and the field labels against the form's saved fields."""

    blank_fields: dict[str, dict[str, str]] = {}  # set per form by the inline: the form's fields to fill in

    class Meta:
        model = WebFormTranslation
        fields = ["language", "route", "title", "introduction_text", "button_label", "success_title",
                  "success_message", "fields"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound and self.blank_fields:
            self.initial["fields"] = self.blank_fields
        if self.blank_fields:
            self.fields["fields"].help_text = _("Labels and descriptions by field name; empty ones show the form's "
                                                "own. The form's fields: %(names)s") % {"names": ", ".join(self.blank_fields)}


class WebFormTranslationInline(admin.StackedInline):
    model = WebFormTranslation
    form = WebFormTranslationForm
    extra = 0

    def get_formset(self, request: Any, obj: WebForm | None = None, **kwargs: Any) -> Any:
        blank = {} if obj is None else {row.fieldname: {"label": "", "description": ""}
                                        for row in obj.fields.exclude(fieldname="")}
        form = type("WebFormTranslationForm", (WebFormTranslationForm,), {"blank_fields": blank})
        return super().get_formset(request, obj, form=form, **kwargs)

