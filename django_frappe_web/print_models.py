"""A print format's variants in other languages (issue 15): the print view in German prints the
German template of the format it chose, else the format's own.

Imported by :mod:`.models`, so Django sees this model as the app's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .translation_models import Translation


class PrintFormatTranslation(Translation):
    """A print format's template (and optionally its CSS) in ``language``; the format's name,
    doctype, default flag and disabled state stay the format's own (docs/decisions.md)."""

    print_format = models.ForeignKey("django_frappe_web.PrintFormat", on_delete=models.CASCADE,
                                     related_name="translations")
    html = models.TextField(_("HTML template"))
    css = models.TextField(_("CSS"), blank=True, help_text=_("Empty: the format's own CSS."))
    modified = models.DateTimeField(auto_now=True)

    # The template's compilation is checked by the admin's form, as the format's own (admin.py).

    class Meta:
        ordering = ["language"]
        verbose_name = _("print format translation")
        constraints = [models.UniqueConstraint(fields=["print_format", "language"],
                                               name="one_translation_per_print_format_and_language")]

    def __str__(self) -> str:
        return f"{self.print_format} ({self.language})"
