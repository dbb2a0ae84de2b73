"""``{% load frappe_i18n %}``: ``{% frappe_translations %}`` names the page's JavaScript catalog;
``{% language_picker as picker %}`` gives the language picker's links (``frappe_web/language_picker.html``).

In the package's base template; a project's own base template adds ``frappe_translations`` before
``frappe.js`` so that ``__()`` speaks the page's language, and includes the picker where it wants
it (docs/i18n.md).
"""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..js_translations import catalog_url
from ..languages import default_language, supported
from ..website.language_picker import picker_links

register = template.Library()


@register.simple_tag
def frappe_translations() -> str:
    """The ``<meta>`` that frappe.js reads and a preload of the catalog; nothing when it is empty."""
    url = catalog_url(supported(translation.get_language()) or default_language())
    if url is None:
        return SafeString("")
    return format_html('<meta name="frappe-translations" content="{}">'
                       '<link rel="preload" href="{}" as="fetch" crossorigin="anonymous">', url, url)


@register.simple_tag(takes_context=True)
def language_picker(context: template.Context) -> dict[str, object] | None:
    """``{"links", "current"}``: the picker's links to this page in each language Website Settings
    offers, and the current language's; ``None``: no picker."""
    request, site = context.get("request"), context.get("website_settings")
    if request is None or site is None:
        return None
    links = picker_links(request, getattr(site, "offered_languages", None), translation.get_language(),
                         context.get("language_paths"))
    if not links:
        return None
    return {"links": links, "current": next((link for link in links if link["current"]), None)}
