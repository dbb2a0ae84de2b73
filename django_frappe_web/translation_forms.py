"""The admin's form of a translation (Web Pages, documents' routes, web forms, print formats): its
language is chosen among the site's languages other than the default one, read when the form is
built (``LANGUAGES`` may change while the process runs, as in tests)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from .translation_models import translatable_languages


class TranslationForm(forms.ModelForm):
    language = forms.ChoiceField(label=gettext_lazy("Language"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "---------"), *translatable_languages().items()]
