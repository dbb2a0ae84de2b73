"""The admin's form of a translation (Web Pages, documents' routes, web forms, print formats): its
language is chosen among the site's languages other than the default one, read when the form is
built (``LANGUAGES`` may change while the process runs, as in tests).

Texts kept as a JSON object (a web form's field labels, a Web Page's blocks' texts) are shown
indented, one entry a line, with every text of the original listed to fill in (``blanks``).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy

from .translation_models import translatable_languages


class IndentedJSONField(forms.JSONField):
    """A JSON object edited one entry a line, non-ASCII text as it is."""

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


class TranslationForm(forms.ModelForm):
    language = forms.ChoiceField(label=gettext_lazy("Language"))

    # {JSON field: its entries for every text of the original, blank}: set per original by the inline.
    blanks: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "---------"), *translatable_languages().items()]
        for name, blank in self.blanks.items():
            self.fields[name] = IndentedJSONField(label=self.fields[name].label, required=False,
                                                  help_text=self.fields[name].help_text)
            # What is translated, and below it what is still to do; bound forms too, so a form
            # posted back as shown has not changed (and an added row left blank is skipped).
            saved = self.initial.get(name)
            self.initial[name] = {**blank, **(saved if isinstance(saved, dict) else {})}

    @classmethod
    def for_original(cls, **blanks: dict[str, Any]) -> type[TranslationForm]:
        """This form listing ``blanks`` (``{JSON field: blank entries}``) to fill in."""
        return type(cls.__name__, (cls,), {"blanks": blanks})
