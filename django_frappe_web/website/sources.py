"""Reading a www page source: YAML front matter, Markdown, titles, and compiling a source with
the project's template engine."""

from __future__ import annotations

import functools
import html as html_lib
import json
import os
import re
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import engines
from django.utils.translation import gettext as _

from ..exceptions import ValidationError
from .www_files import PAGE_EXTENSIONS, PageSource, file_mtime

__all__ = [
    "ParsedSource",
    "clear_source_cache",
    "compile_template",
    "extract_title",
    "read_source",
    "render_markdown",
    "title_from_filename",
]


@dataclass(frozen=True)
class ParsedSource:
    """A page source split into YAML front matter and body."""

    front_matter: dict[str, Any]
    body: str
    kind: str
    path: str = ""


_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_SOURCE_CACHE_SIZE = 512
_source_cache: dict[tuple, ParsedSource] = {}
_sidebar_cache: dict[tuple, list[dict] | None] = {}  # folders are few: unbounded


def _split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    opening = _FRONT_MATTER_OPEN.match(text)
    if not opening:
        return {}, text
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        return {}, text  # a lone "---" is a Markdown rule, not front matter
    import yaml

    raw = text[opening.end() : closing.start()]
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ValidationError(_("Invalid YAML front matter in {path}: {exc}").format(
            path=path, exc=exc), title=_("Invalid front matter")) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError(
            _("Front matter in {path} must be a mapping of keys to values, not {type}").format(
                path=path, type=type(data).__name__),
            title=_("Invalid front matter"),
        )
    bad = [key for key in data if not isinstance(key, str)]
    if bad:
        raise ValidationError(_("Front matter keys in {path} must be strings: {bad!r}").format(
            path=path, bad=bad), title=_("Invalid front matter"))
    return data, text[closing.end() :]


def read_source(page: PageSource) -> ParsedSource:
    """Read a page source (UTF-8) and split off its YAML front matter.

    Invalid YAML, front matter that is not a mapping (or has non-string keys)
    and a file that is not UTF-8 raise :class:`ValidationError` naming the file
    by its path inside the www folder.

    Results are cached by path, as Django's cached template loader keeps templates: the disk is
    read again only after :func:`clear_source_cache` (the www index's rebuild) or, with
    ``settings.DEBUG``, when the file's mtime or size changed. Callers get a fresh
    ``front_matter`` dict each time, so they may change it.
    """
    path = page.path
    key = _cache_key(path)
    cached = _source_cache.get(key)
    if cached is None:
        name = page.relpath or path
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except UnicodeDecodeError as exc:
            raise ValidationError(_("{name} is not valid UTF-8: {exc}").format(
                name=name, exc=exc), title=_("Invalid page source")) from exc
        front_matter, body = _split_front_matter(text, name)
        cached = ParsedSource(front_matter, body, page.kind, path)
        if len(_source_cache) >= _SOURCE_CACHE_SIZE:
            _source_cache.clear()
        _source_cache[key] = cached
    return ParsedSource(dict(cached.front_matter), cached.body, cached.kind, cached.path)


def _cache_key(path: str) -> tuple:
    if not settings.DEBUG:
        return (path,)
    stat = os.stat(path)
    return (path, stat.st_mtime_ns, stat.st_size)


def read_sidebar(folder: str) -> list[dict] | None:
    """A www folder's ``_sidebar.json`` (its items with a ``route``), cached as the page sources are."""
    path = os.path.join(folder, "_sidebar.json")
    key = (path, file_mtime(path)) if settings.DEBUG else (path,)
    if key not in _sidebar_cache:
        _sidebar_cache[key] = _parse_sidebar(path)
    return _sidebar_cache[key]


def _parse_sidebar(path: str) -> list[dict] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            items = json.load(handle)
    except (OSError, ValueError):
        return None
    return [item for item in items if isinstance(item, dict) and "route" in item] if isinstance(items, list) else None


def clear_source_cache() -> None:
    """Forget the parsed sources and sidebars (:func:`~.www_index.reset_www_index` calls it)."""
    _source_cache.clear()
    _sidebar_cache.clear()


_MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "toc", "md_in_html", "sane_lists")
_markdown_local = threading.local()


def render_markdown(text: str) -> tuple[str, str]:
    """Markdown to HTML (tables, fenced code, toc, md_in_html, sane lists).

    Returns ``(html, toc_html)``; ``toc_html`` is ``""`` when there is no
    heading. The text is trusted (written by staff): raw HTML is kept.
    """
    import markdown

    md = getattr(_markdown_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=list(_MARKDOWN_EXTENSIONS), output_format="html")
        _markdown_local.md = md
    else:
        md.reset()
    html = md.convert(text or "")
    toc_html = md.toc if getattr(md, "toc_tokens", None) else ""
    return html, toc_html


_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")


def extract_title(html: str) -> str | None:
    """Text of the first ``<h1>`` (tags stripped, entities unescaped, spaces collapsed).

    ``None`` when there is no ``<h1>``, it is empty, or it still holds Django
    template syntax (``{{``/``{%``: the source was not rendered yet).
    """
    if not html or "<h1" not in html.lower():
        return None
    match = _H1_RE.search(html)
    if not match:
        return None
    inner = match.group(1)
    if "{{" in inner or "{%" in inner:
        return None
    text = " ".join(html_lib.unescape(_TAG_RE.sub("", inner)).split())
    return text[:300] or None


def title_from_filename(route: str) -> str:
    """A title from the last part of a route: ``"docs/getting-started"`` -> ``"Getting Started"``."""
    name = route.strip("/").rpartition("/")[2]
    for ext in PAGE_EXTENSIONS:
        if name.endswith(ext):
            name = name[: -len(ext)]
    words = name.replace("-", " ").replace("_", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)


def compile_template(source: str) -> Any:
    """Compile a page source once with the project's first template engine (DTL or Jinja2)."""
    return _compile(engines.all()[0], source)


@functools.lru_cache(maxsize=512)
def _compile(engine, source: str):
    # Keyed by the engine too: a template compiled by one engine is never reused by another
    # (``engines`` is rebuilt when TEMPLATES changes, e.g. under override_settings).
    return engine.from_string(source)
