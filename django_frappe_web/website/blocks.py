"""Web templates and the blocks that place them on a web page (Frappe's Web Template and Web
Page Block).

A web template is a template with declared fields: a folder ``web_templates/<name>/`` in an
installed app (``<name>.html`` and ``<name>.json`` holding ``{"fields": [...]}``, as Frappe's)
or a ``WebTemplate`` row (a row wins over a folder of the same name). A block's values are
checked against the fields when it is saved, and escaped when rendered unless the field is
``HTML`` (trusted: blocks are edited by staff in the admin) or ``Markdown Editor`` (Markdown
whose raw HTML is escaped).

Rendering reads the templates once per process and version of the ``WebTemplate`` rows, and a
page's blocks once per version of that page, so a warm page with blocks runs no query. A page
shown in another language shows its translation's texts for the blocks' prose fields
(``WebPageTranslation.block_texts``, matched by the original text).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..content_models import WebPageBlock, WebTemplate
from .block_fields import PROSE_TYPES, check_declared_fields, clean_values, compile_template
from .dependencies import current
from .generation import document_topic, model_topic
from .memo import VersionedMemo
from .sources import render_markdown

logger = logging.getLogger("django_frappe_web.website")

@dataclass(frozen=True)
class TemplateSpec:
    name: str
    fields: tuple[dict, ...]
    template: Any  # a compiled template of the project's first engine


# --- the templates: apps' folders and WebTemplate rows -------------------------------------


@lru_cache(maxsize=1)
def folder_templates() -> dict[str, TemplateSpec]:
    """Every installed app's ``web_templates/<name>/`` (the first app in INSTALLED_APPS wins), read once."""
    found, problems = scan_template_folders()
    for folder, problem in problems:
        logger.warning("Web template %s is skipped: %s", folder, problem)
    return found


def scan_template_folders() -> tuple[dict[str, TemplateSpec], list[tuple[Path, str]]]:
    """The apps' web templates, and each folder skipped with why (system check W100)."""
    found: dict[str, TemplateSpec] = {}
    problems: list[tuple[Path, str]] = []
    for config in apps.get_app_configs():
        for folder in sorted(Path(config.path, "web_templates").glob("*/")):
            source, declaration = folder / f"{folder.name}.html", folder / f"{folder.name}.json"
            if folder.name in found:
                continue
            if not source.is_file():
                problems.append((folder, f"it has no {source.name}"))
                continue
            try:
                fields = json.loads(declaration.read_text(encoding="utf-8")).get("fields", []) if declaration.is_file() else []
                check_declared_fields(fields)
                found[folder.name] = TemplateSpec(folder.name, tuple(fields), compile_template(source.read_text(encoding="utf-8")))
            except (ValueError, AttributeError, ValidationError, OSError) as exc:
                problems.append((folder, "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)))
    return found, problems


_row_templates = VersionedMemo(maxsize=1)


def web_templates() -> dict[str, TemplateSpec]:
    """Every web template by name: rows over folders (one query per version of the rows)."""
    stamp = current().stamp(model_topic(WebTemplate))
    with current().quietly():
        rows = _row_templates.get_or_set(stamp, "rows", _read_rows)
    return {**folder_templates(), **rows}


def _read_rows() -> dict[str, TemplateSpec]:
    rows = {}
    for name, source, fields in WebTemplate.objects.values_list("name", "template", "fields"):
        try:
            check_declared_fields(fields)
            rows[name] = TemplateSpec(name, tuple(fields), compile_template(source))
        except ValidationError as exc:
            logger.warning("Web template row %s is skipped: %s", name, exc)
    return rows


def clean_block(template_name: str, values: Any) -> dict[str, Any]:
    """A block's values checked against its template's fields (ValidationError if it has none)."""
    spec = web_templates().get(template_name)
    if spec is None:
        raise ValidationError({"web_template": _("There is no web template {template_name!r}.").format(
            template_name=template_name)})
    try:
        return clean_values(spec.fields, values)
    except ValidationError as exc:
        raise ValidationError({"values": exc.messages}) from None


# --- rendering -----------------------------------------------------------------------------


_page_blocks = VersionedMemo(maxsize=1024)


def page_blocks(page: Any) -> list[tuple[str, dict]]:
    """``(template name, values)`` of a page's blocks in order: a draft's own when it has them,
    else read once per version of the page (a block's save bumps its page)."""
    draft = getattr(page, "draft_blocks", None)
    if draft is not None:
        return draft
    if page.pk is None:
        return []
    versions = current()
    stamp = versions.stamp(document_topic(type(page), page.pk))
    with versions.quietly():
        return _page_blocks.get_or_set(stamp, page.pk, lambda: list(
            WebPageBlock.objects.filter(page_id=page.pk).values_list("web_template", "values")))


def render_page_blocks(page: Any) -> SafeString:
    """The page's blocks as HTML; a block whose template is gone or whose values no longer fit
    it is left out (and logged), never a 500."""
    blocks = page_blocks(page)
    if not blocks:
        return SafeString()
    templates = web_templates()
    texts = getattr(page, "block_texts", None) or {}  # the active language's (page_translations.in_language)
    parts = []
    for number, (name, values) in enumerate(blocks, 1):
        spec = templates.get(name)
        try:
            if spec is None:
                raise ValidationError(_("there is no web template {name!r}").format(name=name))
            cleaned = clean_values(spec.fields, values)
            if texts:
                cleaned = map_prose(spec.fields, cleaned, lambda text: texts.get(text) or text)
            shown = _shown_values(spec.fields, cleaned)
            html = spec.template.render({"values": shown, "block": {"name": name, "number": number}})
        except Exception as exc:  # noqa: BLE001 - one broken block must not take the page down
            logger.warning("Block %s (%s) of %s is left out: %s", number, name, page, exc)
            continue
        parts.append(f'<section class="web-block web-block-{escape(name)}">{html}</section>')
    return mark_safe("\n".join(parts))  # nosec B308 B703 # noqa: S308 - each value escaped or declared trusted


def map_prose(fields: tuple[dict, ...] | list[dict], values: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    """``values`` (cleaned) with ``change`` applied to the text of each prose field, in tables' rows too."""
    changed = dict(values)
    for field in fields:
        name, fieldtype = field["fieldname"], field.get("fieldtype", "Data")
        value = values.get(name)
        if fieldtype in PROSE_TYPES and isinstance(value, str) and value:
            changed[name] = change(value)
        elif fieldtype == "Table" and isinstance(value, list):
            changed[name] = [map_prose(field["fields"], row, change) if isinstance(row, dict) else row for row in value]
    return changed


def block_texts(page: Any) -> list[str]:
    """The texts of ``page``'s blocks (as saved), each once, in the order they show: what a translation translates."""
    templates, found = web_templates(), {}
    for name, values in page_blocks(page):
        spec = templates.get(name)
        if spec is not None and isinstance(values, dict):
            map_prose(spec.fields, values, lambda text: found.setdefault(text, text))
    return list(found)


def _shown_values(fields: tuple[dict, ...] | list[dict], values: dict[str, Any]) -> dict[str, Any]:
    shown = dict(values)
    for field in fields:
        name, fieldtype = field["fieldname"], field.get("fieldtype", "Data")
        if name not in shown:
            shown[name] = "" if fieldtype != "Table" else []
        elif fieldtype == "HTML":
            shown[name] = mark_safe(shown[name])  # nosec B308 B703 # noqa: S308 - declared trusted, staff-edited
        elif fieldtype == "Markdown Editor":
            shown[name] = mark_safe(render_markdown(shown[name].replace("<", "&lt;"))[0])  # nosec B308 B703 # noqa: S308
        elif fieldtype == "Table":
            shown[name] = [_shown_values(field["fields"], row) for row in shown[name]]
    return shown


def block_write_topics(instance: Any) -> list[str]:
    """A block's save or delete renews its page (whose memoised blocks it changes)."""
    page_model = WebPageBlock._meta.get_field("page").related_model
    return [document_topic(page_model, instance.page_id)] if instance is not None and instance.page_id else []
