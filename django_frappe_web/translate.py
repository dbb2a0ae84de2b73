"""``frappe._`` and ``frappe._lt``: Frappe's translation functions over Django's gettext.

The catalogs are Django's (``locale/<lang>/LC_MESSAGES/django.po`` of every installed app and
``LOCALE_PATHS``), so ``makemessages`` extracts ``_("...")`` calls when the module imports
``_`` under that name, and templates use ``{% translate %}`` for the same strings. The language
is the active one (chosen per request by :mod:`.languages`, ``frappe.local.lang``) unless
``lang=`` names another; ``context=`` is gettext's message context (``pgettext``), as Frappe's
``_("Change", context="Coins")``, falling back (as Frappe's) to the translation without a context.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import lazy

__all__ = ["_", "_lt"]


def _(msg: Any, lang: str | None = None, context: str | None = None) -> str:
    """``msg`` translated into ``lang`` (default: the active language), within ``context`` if given."""
    if msg is None:
        return ""
    text = str(msg)
    if not text:  # gettext("") would be the catalog's header
        return text
    if lang:
        with translation.override(lang):
            return _translated(text, context)
    return _translated(text, context)


def _translated(text: str, context: str | None) -> str:
    if context:
        # As Frappe: the translation within the context, else the text's translation without one.
        translated = translation.pgettext(context, text)
        if translated != text:
            return translated
    return translation.gettext(text)


# Frappe's ``_lt``: translated when used (str()), in the language active then; for module-level
# and class-level strings (labels, messages defined once) that must follow each request's language.
_lt = lazy(_, str)
