"""The package's own page templates that are only a content block in the base template, rendered
without their ``{% extends %}``.

Django's ``ExtendsNode`` walks every node of the parent template on each render to find its
blocks: with the base template's head, navigation and footer, that walk is about a fifth of a
Web Page's render. A www page never pays it (its body is rendered, then put in the base template
as ``content``). A document page whose chosen template is one the package ships renders that
template's content part (``frappe_web/web_page_content.html``...) the same way; a template the
project provides (``<app_label>/<model_name>_detail.html``, or its own copy of the package's) is
rendered as it is, ``{% extends %}`` and all. The same page either way: the shipped templates
extend ``base_template_path`` and include their content part.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import select_template

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
CONTENT_OF = {
    "django_frappe_web/webpage_detail.html": "frappe_web/web_page_content.html",
    "frappe_web/document.html": "frappe_web/document_content.html",
}


def content_template(names: list[str]) -> str | None:
    """The content part of the template ``names`` choose, when that template is the package's own."""
    if settings.DEBUG:  # a template added while runserver runs must win at once
        return _content_template.__wrapped__(tuple(names))
    return _content_template(tuple(names))


@functools.lru_cache(maxsize=256)
def _content_template(names: tuple[str, ...]) -> str | None:
    origin = select_template(list(names)).origin
    content = CONTENT_OF.get(origin.template_name)
    if content is None or not Path(origin.name).resolve().is_relative_to(SHIPPED):
        return None
    return content


def _forget(*, setting: str, **kwargs) -> None:
    if setting in ("TEMPLATES", "INSTALLED_APPS"):
        _content_template.cache_clear()


setting_changed.connect(_forget)
