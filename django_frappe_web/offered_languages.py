"""Website Settings' *languages to offer*: the codes of ``settings.LANGUAGES`` that the top bar's
language picker links to (website/language_picker.py), in its order; none, no picker.

An abstract model that ``WebsiteSettings`` inherits, so the field and its check are one concept
in one place.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_site_languages(codes: object) -> None:
    """Refuse anything but a list of codes of ``settings.LANGUAGES``."""
    listed = {code for code, _name in settings.LANGUAGES}
    unknown = [str(code) for code in codes if code not in listed] if isinstance(codes, list) else [str(codes)]
    if unknown:
        raise ValidationError(_("Not one of the site's languages (settings.LANGUAGES): %(codes)s"),
                              code="unknown_language", params={"codes": ", ".join(unknown)})


class OfferedLanguages(models.Model):
    offered_languages = models.JSONField(_("languages to offer"), default=list, blank=True,
                                         validators=[validate_site_languages],
                                         help_text=_("The languages of the top bar's language picker; none: no picker."))

    class Meta:
        abstract = True
