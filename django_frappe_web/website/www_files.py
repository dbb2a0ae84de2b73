"""What a www folder holds: the records the index keeps (folders, pages, static files) and the
walk of one folder that finds them, refusing anything a symlink takes outside the folder."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass

from .paths import is_inside_real

__all__ = [
    "ORDER_FILE",
    "PAGE_EXTENSIONS",
    "PYTHON_EXTENSIONS",
    "PageSource",
    "RootScan",
    "StaticSource",
    "WWWRoot",
    "children_of",
    "file_mtime",
    "read_order_file",
    "split_language",
]

#: page source extensions, in candidate order
PAGE_EXTENSIONS: tuple[str, ...] = (".html", ".md")
#: files that are neither pages nor static assets
PYTHON_EXTENSIONS = frozenset({".py", ".pyc", ".pyo", ".pyd"})
#: the per-folder ordering file for child listings (Frappe's ``index.txt``)
ORDER_FILE = "index.txt"

_KIND = {".html": "html", ".md": "md"}


@dataclass(frozen=True)
class WWWRoot:
    """One www folder: its real path and the installed app owning it (module name), if any."""

    path: str
    app: str | None = None


@dataclass(frozen=True)
class PageSource:
    """A page found in a www folder.

    ``path`` is the real path of the source (for a folder route, its
    ``index.html``/``index.md``; then ``is_index`` is true); ``relpath`` is the
    path inside ``root`` with ``/`` separators; ``controller`` the real path of
    the sibling ``.py``; ``app`` the installed app's module name when ``root``
    is that app's ``www/`` folder.
    """

    route: str
    root: str
    path: str
    kind: str
    controller: str | None = None
    is_index: bool = False
    relpath: str = ""
    app: str | None = None
    colocated_js: str | None = None
    colocated_css: str | None = None
    language: str = ""  # the language of a page's translation (``about.de.md``); "" for the page itself

    @property
    def parent_route(self) -> str | None:
        """Route of the folder holding this page: ``""`` at the top, ``None`` for the home page ``index``."""
        if self.route == "index":
            return None
        return self.route.rpartition("/")[0]


@dataclass(frozen=True)
class StaticSource:
    """A file served as is: ``route`` is its path inside the www folder, extension included."""

    route: str
    path: str
    content_type: str
    root: str = ""


_COMPRESSED_TYPES = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip",
    "xz": "application/x-xz",
    "br": "application/x-brotli",
    "compress": "application/x-compress",
}


def _content_type(path: str) -> str:
    content_type, encoding = mimetypes.guess_type(path)
    if encoding:
        # ``x.tar.gz`` is a gzip file for the browser (as Django's FileResponse does)
        return _COMPRESSED_TYPES.get(encoding, "application/octet-stream")
    return content_type or "application/octet-stream"


def _skip_name(name: str) -> bool:
    return name[0] in "._" or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def file_mtime(path: str) -> int | None:
    """``st_mtime_ns`` of a path, or ``None`` when it is missing."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def split_language(stem: str, languages: frozenset[str]) -> tuple[str, str]:
    """``("about", "de")`` for the stem ``about.de`` when ``de`` is one of the site's languages
    (lower-case codes), else ``(stem, "")``: ``about.de.md`` is the German source of ``/about``."""
    base, dot, suffix = stem.rpartition(".")
    if dot and base and not base.endswith("/") and suffix.lower() in languages:
        return base, suffix.lower()
    return stem, ""


class RootScan:
    """The files of one www folder, by logical relative path (``/``-separated); ``languages``: the
    site's language codes, which mark a page's translations."""

    def __init__(self, root: WWWRoot, languages: frozenset[str] = frozenset()):
        self.root = root
        self.languages = languages
        self.files: dict[str, str] = {}  # relpath -> real path
        self.watched: dict[str, int | None] = {}

    def scan(self) -> None:
        real_root = self.root.path
        self._walk("", real_root, {real_root})

    def _walk(self, rel_dir: str, real_dir: str, visited: set[str]) -> None:
        self.watched[real_dir] = file_mtime(real_dir)
        try:
            with os.scandir(real_dir) as it:
                entries = sorted(it, key=lambda entry: entry.name)
        except OSError:
            return
        real_root = self.root.path
        for entry in entries:
            name = entry.name
            if _skip_name(name):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                is_link = entry.is_symlink()
                real = os.path.realpath(entry.path) if is_link else os.path.join(real_dir, name)
                if is_link and not is_inside_real(real, real_root):
                    continue  # a symlink escaping the www folder
                if entry.is_dir():
                    if real in visited:
                        continue  # symlink loop or second view of a folder
                    self._walk(rel, real, visited | {real})
                elif entry.is_file():
                    self.files[rel] = real
            except OSError:
                continue

    def pages(self) -> dict[str, PageSource]:
        """The pages of this folder, applying the candidate order inside it."""
        return {route: self._page(route, rel, ext)
                for (route, language), (_rank, rel, ext) in self._page_candidates().items() if not language}

    def translations(self) -> dict[tuple[str, str], PageSource]:
        """``(route, language) -> source`` of the pages' translations (``about.de.md``)."""
        return {(route, language): self._page(route, rel, ext, language)
                for (route, language), (_rank, rel, ext) in self._page_candidates().items() if language}

    def _page_candidates(self) -> dict[tuple[str, str], tuple[int, str, str]]:
        """``(route, language) -> (rank, relpath, extension)`` of the best source of each page in
        this folder, and of each of its translations."""
        best: dict[tuple[str, str], tuple[int, str, str]] = {}
        for rel in self.files:
            stem, ext = os.path.splitext(rel)
            ext = ext.lower()
            if ext not in _KIND:
                continue
            stem, language = split_language(stem, self.languages)
            directory, _, name = stem.rpartition("/")
            if name == "index":
                # "index.html" at the top is the home page route "index"
                route = directory or "index"
                rank = 2 + PAGE_EXTENSIONS.index(ext) if directory else PAGE_EXTENSIONS.index(ext)
            else:
                route = stem
                rank = PAGE_EXTENSIONS.index(ext)
            current = best.get((route, language))
            if current is None or rank < current[0]:
                best[route, language] = (rank, rel, ext)
        return best

    def _page(self, route: str, rel: str, ext: str, language: str = "") -> PageSource:
        # A translation has the page's controller and files beside it (about.de.md: about.py, about.js).
        stem = rel[: -len(ext) - (len(language) + 1 if language else 0)]
        directory, _, name = stem.rpartition("/")
        prefix = f"{directory}/" if directory else ""
        controller = None
        # Frappe's rule: getting-started.md has getting_started.py (getting-started.py is tried next)
        for candidate in dict.fromkeys((name.replace("-", "_"), name)):
            controller = self.files.get(f"{prefix}{candidate}.py")
            if controller:
                break
        return PageSource(
            route=route,
            root=self.root.path,
            path=self.files[rel],
            kind=_KIND[ext],
            controller=controller,
            is_index=name == "index",
            relpath=rel,
            app=self.root.app,
            colocated_js=self.files.get(f"{stem}.js"),
            colocated_css=self.files.get(f"{stem}.css"),
            language=language,
        )

    def static_files(self) -> tuple[dict[str, StaticSource], dict[str, str]]:
        """The files served as they are, and each folder's ``index.txt`` (parent route -> real path)."""
        static: dict[str, StaticSource] = {}
        order_files: dict[str, str] = {}
        for rel, real in self.files.items():
            name = rel.rpartition("/")[2]
            ext = os.path.splitext(name)[1].lower()
            if ext in PYTHON_EXTENSIONS or ext in _KIND:
                continue
            if name == ORDER_FILE:
                order_files.setdefault(rel.rpartition("/")[0], real)
                continue
            static[rel] = StaticSource(rel, real, _content_type(real), self.root.path)
        return static, order_files


def children_of(pages: dict[str, PageSource], order_files: dict[str, str]) -> dict[str, tuple[PageSource, ...]]:
    """Each folder route's pages, in its ``index.txt`` order, then by route (the home page is nobody's child)."""
    grouped: dict[str, list[PageSource]] = {}
    for page in pages.values():
        parent = page.parent_route
        if parent is None:
            continue
        grouped.setdefault(parent, []).append(page)
    children = {}
    for parent, items in grouped.items():
        items.sort(key=lambda page: page.route)
        order = read_order_file(order_files.get(parent))
        if order:
            by_name = {page.route.rpartition("/")[2]: page for page in items}
            first = [by_name[name] for name in order if name in by_name]
            items = first + [page for page in items if page not in first]
        children[parent] = tuple(items)
    return children


def read_order_file(path: str | None) -> list[str]:
    """The names listed in an ``index.txt`` (blank lines and ``#`` comments skipped)."""
    if not path:
        return []
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip().strip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")]
