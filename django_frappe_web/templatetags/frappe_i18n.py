"""``{% load frappe_i18n %}``: ``{% frappe_translations %}`` names the page's JavaScript catalog.

In the package's base template; a project's own base template adds it before ``frappe.js`` so
that ``__()`` speaks the page's language (docs/i18n.md).
"""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..js_translations import catalog_url
from ..languages import default_language, supported

register = template.Library()


@register.simple_tag
def frappe_translations() -> str:
    """The ``<meta>`` that frappe.js reads and a preload of the catalog; nothing when it is empty."""
    url = catalog_url(supported(translation.get_language()) or default_language())
    if url is None:
        return SafeString("")
    return format_html('<meta name="frappe-translations" content="{}">'
                       '<link rel="preload" href="{}" as="fetch" crossorigin="anonymous">', url, url)
