"""Where a user's language is kept: one ``UserLanguage`` row per user who chose one.

A row of its own rather than a field on the user model, which belongs to the project. A project
whose user model has its own field points ``FRAPPE_WEB["USER_LANGUAGE"]`` at a function reading it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def language_choices() -> list[tuple[str, str]]:
    # A callable: LANGUAGES is read when the form is built, so migrations do not list the languages.
    return [(code, name) for code, name in settings.LANGUAGES]


class UserLanguage(models.Model):
    """The language a logged-in user reads the site in (Frappe's ``User.language``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="frappe_language", verbose_name=_("user"))
    language = models.CharField(_("language"), max_length=35, choices=language_choices)

    class Meta:
        app_label = "django_frappe_web"
        verbose_name = _("user language")
        verbose_name_plural = _("user languages")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


def stored_language(user: Any) -> str | None:
    """``user``'s chosen language (the default ``FRAPPE_WEB["USER_LANGUAGE"]``), or ``None``.

    Read through the reverse one-to-one accessor, which keeps the row (or its absence) on the user
    object: a request asks the database once, however often it asks.
    """
    if getattr(user, "pk", None) is None or not hasattr(user, "_state"):
        return None
    try:
        return user.frappe_language.language
    except UserLanguage.DoesNotExist:
        return None


def set_stored_language(user: Any, language: str) -> None:
    """Keep ``language`` as ``user``'s (``""`` forgets it: the browser's language applies again)."""
    user._state.fields_cache.pop("frappe_language", None)
    if language:
        UserLanguage.objects.update_or_create(user_id=user.pk, defaults={"language": language})
    else:
        UserLanguage.objects.filter(user_id=user.pk).delete()
