"""Web forms in other languages (:class:`~django_frappe_web.web_form_models.WebFormTranslation`):
which translation a page shows, the form as that translation has it, and the form's addresses
in each of its languages.

A form's translations are read once per process and version of the translations' table (one
query for all of a form's): a translation's save or delete bumps that table's topic (and its own
route's, see :func:`translation_write_topics`), so every process reads them again; a warm
translated page runs the same queries as an untranslated one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from ..translation_models import with_objects
from ..web_form_models import WebForm, WebFormTranslation
from ..website.alternates import alternate_links, language_paths, site_translation
from ..website.dependencies import current
from ..website.generation import model_topic, route_topic
from ..website.memo import VersionedMemo
from .routes import FormRoute, form_url

FIELDS = ("language", "route", "title", "introduction_text", "success_title", "success_message", "button_label",
          "fields", "layout_texts")
DEFAULT_BUTTON_LABEL = "Submit"  # the model's default: shown in the visitor's language when left as it is


@dataclass(frozen=True)
class FormText:
    """A form's texts in one language (a translation row, as memoised); empty means the form's own."""

    language: str
    route: str | None = None
    title: str = ""
    introduction_text: str = ""
    success_title: str = ""
    success_message: str = ""
    button_label: str = ""
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # {fieldname: {"label", "description"}}
    layout_texts: dict[str, str] = field(default_factory=dict)  # {a step's or section's text: translation}


_texts = VersionedMemo(maxsize=1024)  # form pk -> {language: FormText}


def translations_of(web_form_pk: Any) -> dict[str, FormText]:
    """Every translation of the form by language, read once per version of the translations."""
    if web_form_pk is None:
        return {}
    versions = current()
    stamp = versions.stamp(model_topic(WebFormTranslation), record=False)  # form pages are never cached
    with versions.quietly():
        return _texts.get_or_set(stamp, web_form_pk, lambda: {
            row["language"]: FormText(**with_objects(row, "fields", "layout_texts"))
            for row in WebFormTranslation.objects.filter(web_form_id=web_form_pk).values(*FIELDS)})


def text_in(web_form_pk: Any, language: str | None) -> FormText | None:
    """The form's translation into ``language`` (``de-at``, else ``de``), if it has one (and the
    site still lists its language)."""
    return site_translation(translations_of(web_form_pk), language)


def translate_form(web_form: WebForm, text: FormText | None) -> WebForm:
    """``web_form`` (this request's own row, its fields prefetched) showing ``text`` where it says
    something; the untouched default button label in the active language."""
    if text is not None:
        for name in ("title", "introduction_text", "success_message", "button_label"):
            setattr(web_form, name, getattr(text, name) or getattr(web_form, name))
        for row in web_form.fields.all():
            if row.fieldname:
                texts = text.fields.get(row.fieldname)
                texts = texts if isinstance(texts, dict) else {}
                row.label = texts.get("label") or row.label
                row.description = texts.get("description") or row.description
            else:  # a layout break: its title and description translated by their text
                row.label = text.layout_texts.get(row.label) or row.label
                row.description = text.layout_texts.get(row.description) or row.description
    if web_form.button_label in ("", DEFAULT_BUTTON_LABEL):
        web_form.button_label = gettext("Submit")
    return web_form


def success_title(web_form: WebForm, text: FormText | None) -> str:
    """The success page's title: the translation's, else the form's title (as shown)."""
    return (text.success_title if text is not None else "") or web_form.title


def form_alternates(request: HttpRequest, web_form: WebForm, form_route: FormRoute) -> list[dict[str, str]]:
    """``alternate_links`` of a form's page: the same page (``new``, ``list``...) in each language."""
    action, name = form_route.action, form_route.name
    texts = translations_of(web_form.pk)
    own = {code: form_url(text.route, action, name) for code, text in texts.items() if text.route}
    return alternate_links(request, language_paths(form_url(web_form.route, action, name), texts, own))


def own_route_url(text: FormText | None, form_route: FormRoute) -> str | None:
    """The translation's own address of this page (the canonical one in its language), if it has a route."""
    if text is None or not text.route:
        return None
    return form_url(text.route, form_route.action, form_route.name)


def translation_write_topics(instance: Any) -> list[str]:
    """A translation's save or delete renews the paths its own route claims (the form's pages there
    are never cached: what was cached is what the path showed before, a 404 or a www page)."""
    return [route_topic(instance.route)] if instance is not None and instance.route else []
