"""The web form's translations, inline next to the form in its admin (``WebFormAdmin.inlines``).

The field labels are one JSON object per translation rather than a row per field: Django's admin
nests no inline in an inline, so rows would be edited on a page of their own, away from the form
(docs/decisions.md). Every field of the form is listed in it, to fill in; so are the texts of its
steps and sections (layout breaks, which have no field name), translated by their text.
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
                  "success_message", "fields", "layout_texts"]


class WebFormTranslationInline(admin.StackedInline):
    model = WebFormTranslation
    form = WebFormTranslationForm
    extra = 0

    def get_formset(self, request: Any, obj: WebForm | None = None, **kwargs: Any) -> Any:
        rows = [] if obj is None else list(obj.fields.all())
        fields = {row.fieldname: {"label": "", "description": ""} for row in rows if row.fieldname}
        layout = dict.fromkeys((text for row in rows if not row.fieldname for text in (row.label, row.description) if text), "")
        form = WebFormTranslationForm.for_original(fields=fields, layout_texts=layout)
        return super().get_formset(request, obj, form=form, **kwargs)
