"""The web form's translations, inline next to the form in its admin (``WebFormAdmin.inlines``).

The field labels are one JSON object per translation rather than a row per field: Django's admin
nests no inline in an inline, so rows would be edited on a page of their own, away from the form
(docs/decisions.md). Every field of the form is listed in it, to fill in.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from ..models import WebForm, WebFormTranslation
from ..translation_forms import TranslationForm


class WebFormTranslationForm(TranslationForm):
    """The language is one of the site's (the default one is the form's own); the model's clean
    checks the route and the field labels against the form's saved fields."""

    class Meta:
        model = WebFormTranslation
        fields = ["language", "route", "title", "introduction_text", "button_label", "success_title",
                  "success_message", "fields"]


class WebFormTranslationInline(admin.StackedInline):
    model = WebFormTranslation
    form = WebFormTranslationForm
    extra = 0

    def get_formset(self, request: Any, obj: WebForm | None = None, **kwargs: Any) -> Any:
        blank = {} if obj is None else {row.fieldname: {"label": "", "description": ""}
                                        for row in obj.fields.exclude(fieldname="")}
        return super().get_formset(request, obj, form=WebFormTranslationForm.for_original(fields=blank), **kwargs)
