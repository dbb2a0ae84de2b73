"""What every row of content in another language shares (issue 15): a language of the site other
than the default one (the original's), and a ``clean()`` that reports each field's problem at once.

The base of :class:`~.content_models.WebPageTranslation`, :class:`~.content_models.RouteTranslation`,
:class:`~.web_form_models.WebFormTranslation` and :class:`~.print_models.PrintFormatTranslation`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .languages import default_language

MAX_TEXT_LENGTH = 100_000  # an original or its translation: a block's value is at most as long


def with_objects(row: dict[str, Any], *names: str) -> dict[str, Any]:
    """A translation's values (``.values()``) with each JSON field of ``names`` an object: one
    written by code as anything else (a list, a string) translates nothing rather than break a page."""
    return {**row, **{name: row[name] if isinstance(row[name], dict) else {} for name in names}}


def translatable_languages() -> dict[str, str]:
    """``settings.LANGUAGES`` without the default language (the originals'): ``{code: name}``."""
    return {code: name for code, name in settings.LANGUAGES if code != default_language()}


class Translation(models.Model):
    """A row in ``language``. ``checked_fields`` names the fields ``clean()`` sets from a
    ``_clean_<field>()`` method of the model (which returns the cleaned value or raises)."""

    language = models.CharField(_("language"), max_length=15, help_text=_("One of the site's LANGUAGES."))

    checked_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors = {}
        if self.language not in translatable_languages():
            errors["language"] = _("Choose one of the site's languages other than the default one (settings.LANGUAGES).")
        for name in self.checked_fields:
            try:
                setattr(self, name, getattr(self, f"_clean_{name}")())
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)

    def cleaned_texts(self, name: str) -> dict[str, str]:
        """The JSON field ``name``, translations keyed by their original text (a Web Page's blocks',
        a web form's steps' and sections'), without the empty ones: those show the original."""
        given = getattr(self, name)
        given = given if given not in (None, "") else {}
        if not isinstance(given, dict) or not all(isinstance(value, str) for value in given.values()):
            raise ValidationError(_('A JSON object of translations by their original text, like {"Contact us": "Kontakt"}.'))
        if any(len(text) > MAX_TEXT_LENGTH for pair in given.items() for text in pair):
            raise ValidationError(_("A text is at most %(limit)s characters long.") % {"limit": MAX_TEXT_LENGTH})
        return {original: value.strip() for original, value in given.items() if original.strip() and value.strip()}

    def cleaned_route(self, required: bool = False) -> str | None:
        """The row's ``route`` made a safe route (``None`` when left empty and not ``required``)."""
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.paths import normalize_path

        if not required and not (self.route or "").strip("/ "):
            return None
        route = normalize_path(self.route or "")
        if not route:
            raise ValidationError(_("Use letters, digits, '-', '_' and '/' only; no '..' or hidden parts."))
        return route
