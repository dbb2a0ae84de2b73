"""System checks of the languages (docs/i18n.md; ids W120 and I120): who chooses a request's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Info, Warning

from .middleware import LOCALE_MIDDLEWARE, MIDDLEWARE_PATH, locale_middleware_decides


def check_language_middleware(app_configs: Any = None, **kwargs: Any) -> list:
    """W120: LocaleMiddleware comes after FrappeMiddleware, so Django decides; I120: both are on, Frappe decides."""
    middleware = list(settings.MIDDLEWARE)
    if not settings.USE_I18N or LOCALE_MIDDLEWARE not in middleware or MIDDLEWARE_PATH not in middleware:
        return []
    if locale_middleware_decides(middleware):
        return [Warning(
            "LocaleMiddleware comes after FrappeMiddleware in MIDDLEWARE: Django's LocaleMiddleware chooses "
            "each request's language, and _lang, the preferred_language cookie and the user's language are ignored.",
            hint=f"Put '{LOCALE_MIDDLEWARE}' before '{MIDDLEWARE_PATH}' (or remove it) to let the package "
                 "choose; keep this order only if Django's choice is the one you want (docs/i18n.md).",
            id="django_frappe_web.W120")]
    return [Info(
        "LocaleMiddleware and FrappeMiddleware are both in MIDDLEWARE: FrappeMiddleware, which comes after it, "
        "chooses each request's language (_lang, preferred_language, the user's language, Accept-Language).",
        hint="Nothing to do; LocaleMiddleware only adds its redirects to a language prefix (docs/i18n.md).",
        id="django_frappe_web.I120")]
