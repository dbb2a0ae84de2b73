"""The www-folder layer of the website router (pure: no request, no response).

Frappe serves a site's hand-written pages from each app's ``www/`` folder; this
module finds those pages and files for Django. The TemplatePage and StaticPage
renderers, the sitemap and the ``list_routes`` command build on it.

Folders, in order (the first folder providing a route wins, as Django's
template loaders do): ``FRAPPE_WEB["WWW_DIRS"]``, then the ``www/`` folder of
each installed app in ``INSTALLED_APPS`` order. A folder listed twice (for
example an app's ``www/`` also named in ``WWW_DIRS``) is searched once, at its
first position.

Routes
    :func:`normalize_route` turns a request path into a route, or ``None`` for
    anything no route can be (a 404); :func:`is_file_route` says whether a
    route may name something in a www folder, and :func:`normalize_path` is
    the two together. The router resolves redirects on the raw path first,
    then uses :func:`normalize_route`; only :meth:`WWWIndex.find_page` and
    :meth:`WWWIndex.find_static` (where the file system is read) refuse the
    hidden and private segments, so a redirect, a route rule or a document
    may use ``/.well-known/...`` or ``/_old/...``. ``/about``, ``/about/``,
    ``/about.html`` and ``/about/index`` are all ``about``; ``/`` is ``""``. A request path is
    always rooted at the site, so ``/etc/passwd`` is the harmless route
    ``etc/passwd``: it is only ever looked up in the index and can never name
    a file outside a www folder. Mapping ``""`` to ``HOME_PAGE`` is the
    caller's job. Dot and dot-dot segments, backslashes, control
    characters, left-over percent-encoding (``%2e``, ``%2f``, ``%5c``,
    ``%00``, ``%25``) and paths over 2,000 characters are never a route;
    drive-letter paths (``C:/...``), hidden (``.``) and private (``_``)
    segments are never a www file.

Pages
    For a route ``p`` the candidates are ``p.html``, ``p.md``,
    ``p/index.html``, ``p/index.md``, in that order, within a folder; across
    folders the first folder having any candidate wins. The top-level
    ``index.html``/``index.md`` has the route ``index`` (the default
    ``HOME_PAGE``); :meth:`WWWIndex.find_page` also accepts ``""`` for it, and
    ``docs/index`` or ``docs.html`` for ``docs``. A page's controller is the
    sibling ``.py`` with hyphens turned into underscores (Frappe's rule:
    ``getting-started.md`` -> ``getting_started.py``; ``getting-started.py``
    is tried next), and ``docs/index.md`` has ``docs/index.py``. Colocated
    ``<name>.js``/``<name>.css`` files are recorded for the renderer.

Static files
    Any other file in a www folder is a static asset served under its own
    path, extension included (``downloads/report.pdf``). Unlike Frappe, which
    streams only binary files, text assets (``.css``, ``.js``, ``.json``,
    ``.txt``, ...) are served too, since a www folder is public by intent.
    Never served: page sources (``.html``/``.md``: ``/about.html`` means the
    page and ``/about.md`` is a 404, so front matter and template code never
    leak), Python files (``.py``, ``.pyc``, ``.pyo``, ``.pyd``),
    ``__pycache__``, anything hidden (``.``) or private (``_``) at any level,
    editor backups (``name~``, ``#name#``) and a folder's ``index.txt`` (the
    ordering of its children, as in Frappe). When a page and a static file
    would have the same route (an extension-less file ``about`` next to
    ``about.html``), the page wins.

Safety
    The index records real paths only after checking (``os.path.realpath``,
    then containment) that they lie inside the real path of their www
    folder, so a symlink pointing outside is neither a page, an asset nor a
    controller; symlinked folders inside the root are followed once (loops are
    cut). The check runs when the index is built; :func:`is_inside` is public
    for a renderer that wants to re-check before opening a file.

Speed
    The index is built on first use (thread-safe) and lookups are dictionary
    reads with no file-system access. With ``settings.DEBUG`` the index
    re-stats the folders it knows (directories only, never their files) at
    most once per :attr:`WWWIndex.refresh_interval` seconds and rebuilds when
    one changed or a www folder appeared or vanished, so new pages show up
    without a restart (a folder changed within two seconds of a build is
    rebuilt again on the next check, since coarse file-system clocks could
    give a second change the same mtime). Without ``DEBUG`` nothing is ever
    re-read: new files need a restart or :func:`reset_www_index`.
    :func:`get_www_index` returns the process-wide index, dropped on
    ``setting_changed`` for ``FRAPPE_WEB``, ``INSTALLED_APPS`` and ``DEBUG``.

Child listings
    :meth:`WWWIndex.children` lists the pages directly inside a folder
    (pages from several www folders merge), in the order of the folder's
    ``index.txt`` (one name per line, ``#`` comments allowed; the first www
    folder having one wins), then by route; :meth:`WWWIndex.next_page` is the
    following sibling (Frappe's ``{next}`` link). The home page ``index`` is
    nobody's child.

Sources and controllers
    :func:`read_source` splits YAML front matter (between ``---`` lines at the
    very top; the closing line may also be ``...``) from the body; invalid or
    non-mapping YAML raises :class:`~django_frappe_web.exceptions.ValidationError`
    naming the file. A ``---`` first line without a closing line is not front
    matter (it is a Markdown rule). :func:`render_markdown` converts trusted,
    staff-authored Markdown (raw HTML passes through). :func:`load_controller`
    imports a page's controller: inside an installed app as
    ``<app>.www.<dotted.path>`` so relative imports work (falling back to
    loading by file when a folder name is not an identifier), otherwise by file
    path under a unique module name. Modules are cached; with ``DEBUG`` they
    are re-executed when the file's mtime changes.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import importlib
import importlib.util
import inspect
import keyword
import mimetypes
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

from ..exceptions import ValidationError
from ..settings import web_settings
from ..utils import ProcessSingleton

__all__ = [
    "MAX_PATH_LENGTH",
    "PAGE_EXTENSIONS",
    "PageSource",
    "ParsedSource",
    "StaticSource",
    "WWWIndex",
    "WWWRoot",
    "call_get_context",
    "controller_attrs",
    "extract_title",
    "get_www_index",
    "is_file_route",
    "is_inside",
    "load_controller",
    "normalize_path",
    "normalize_route",
    "read_source",
    "render_markdown",
    "reset_www_index",
    "title_from_filename",
]

MAX_PATH_LENGTH = 2000

#: page source extensions, in candidate order
PAGE_EXTENSIONS: tuple[str, ...] = (".html", ".md")
#: files that are neither pages nor static assets
PYTHON_EXTENSIONS = frozenset({".py", ".pyc", ".pyo", ".pyd"})
#: the per-folder ordering file for child listings (Frappe's ``index.txt``)
ORDER_FILE = "index.txt"
#: module-level controller attributes copied by :func:`controller_attrs`
CONTROLLER_ATTRS: tuple[str, ...] = ("no_cache", "sitemap", "base_template_path", "no_breadcrumbs", "title")

_KIND = {".html": "html", ".md": "md"}
# folders modified less than this before a build are checked again on the next DEBUG check
_RACY_WINDOW_NS = 2_000_000_000

# ---------------------------------------------------------------------------
# normalize_path
# ---------------------------------------------------------------------------

# C0 and C1 control characters, DEL included.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Percent-encoding that survived Django's decoding: a second level of encoding.
_ENCODED_RE = re.compile(r"%(?:2e|2f|5c|25|00)", re.IGNORECASE)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def normalize_path(raw: str) -> str | None:
    """The www route for a (percent-decoded) request path, or ``None`` if it is unsafe.

    :func:`normalize_route`, then :func:`is_file_route`: what may be looked up in a www folder.
    """
    route = normalize_route(raw)
    return route if route is not None and is_file_route(route) else None


def normalize_route(raw: str) -> str | None:
    """The route for a (percent-decoded) request path, or ``None`` if no route can be it.

    Strips slashes at both ends, collapses repeated slashes, drops a trailing
    ``.html`` and then a trailing ``/index``. ``"/"`` gives ``""``. Hidden and
    private segments are allowed here (``.well-known/x``, ``_old/page``): they
    are refused only where the file system is read (:func:`is_file_route`).
    """
    if not isinstance(raw, str) or len(raw) > MAX_PATH_LENGTH:
        return None
    if "\\" in raw or _CONTROL_RE.search(raw) or ("%" in raw and _ENCODED_RE.search(raw)):
        return None
    segments = [segment for segment in raw.split("/") if segment]
    if not segments:
        return ""
    if any(segment in (".", "..") for segment in segments):
        return None
    last = segments[-1]
    if last.endswith(".html"):
        last = last[:-5]
        if not last:
            return None
        segments[-1] = last
    if len(segments) > 1 and segments[-1] == "index":
        segments.pop()
    return "/".join(segments)


def is_file_route(route: str) -> bool:
    """Whether a route may name a page or file in a www folder: no hidden (``.``) or private
    (``_``: Frappe's ``_partials``, ``_sidebar.json``) segment, no drive letter, no backslash."""
    if "\\" in route or _CONTROL_RE.search(route):
        return False
    segments = route.strip("/").split("/")
    if _DRIVE_RE.match(segments[0]):
        return False
    return not any(segment[:1] in (".", "_") for segment in segments)


def _canonical_route(route: str) -> str:
    """Accept small variations of a route in :meth:`WWWIndex.find_page`."""
    route = route.strip("/")
    if route.endswith(".html"):
        route = route[:-5]
    if route.endswith("/index"):
        route = route[:-6]
    return route or "index"


def is_inside(path: str, root: str) -> bool:
    """True when ``path`` resolves (symlinks followed) to ``root`` or below it."""
    real = os.path.realpath(path)
    real_root = os.path.realpath(root)
    try:
        return os.path.commonpath([real, real_root]) == real_root
    except ValueError:  # different drives
        return False


def _inside_real(real: str, real_root: str) -> bool:
    """:func:`is_inside` for paths already resolved."""
    if real == real_root:
        return True
    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    return real.startswith(prefix)


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ParsedSource:
    """A page source split into YAML front matter and body."""

    front_matter: dict[str, Any]
    body: str
    kind: str
    path: str = ""


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


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------


@dataclass
class _Snapshot:
    roots: tuple[WWWRoot, ...]
    pages: dict[str, PageSource]
    static: dict[str, StaticSource]
    children: dict[str, tuple[PageSource, ...]]
    # path -> st_mtime_ns (None: missing); watched in DEBUG
    watched: dict[str, int | None] = field(default_factory=dict)
    # a watched folder changed so shortly before the build that a later change could
    # keep the same mtime (coarse file-system clocks): check again (as Git's "racy" files)
    racy: bool = False


def _skip_name(name: str) -> bool:
    return name[0] in "._" or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class _RootScan:
    """The files of one www folder, by logical relative path (``/``-separated)."""

    def __init__(self, root: WWWRoot):
        self.root = root
        self.files: dict[str, str] = {}  # relpath -> real path
        self.watched: dict[str, int | None] = {}

    def scan(self) -> None:
        real_root = self.root.path
        self._walk("", real_root, {real_root})

    def _walk(self, rel_dir: str, real_dir: str, visited: set[str]) -> None:
        self.watched[real_dir] = _mtime(real_dir)
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
                if is_link and not _inside_real(real, real_root):
                    continue  # a symlink escaping the www folder
                if entry.is_dir():
                    if real in visited:
                        continue  # symlink loop or second view of a folder
                    self._walk(rel, real, visited | {real})
                elif entry.is_file():
                    self.files[rel] = real
            except OSError:
                continue


class WWWIndex:
    """Routes of the www folders, built once and then read without touching the disk.

    ``roots`` may be given (a list of :class:`WWWRoot` or paths) for tests and
    tools; by default they come from ``WWW_DIRS`` and the installed apps.
    """

    #: seconds between two freshness checks when ``settings.DEBUG`` is true
    refresh_interval: float = 1.0

    def __init__(self, roots: list[WWWRoot | str | os.PathLike] | None = None):
        self._given_roots = roots
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._last_check = 0.0
        self.builds = 0  # how many times the index was built (for tests and diagnostics)

    # -- roots --------------------------------------------------------------

    def configured_roots(self) -> list[tuple[str, str | None]]:
        """``(absolute path, app module or None)`` of every candidate folder, existing or not."""
        if self._given_roots is not None:
            out = []
            for root in self._given_roots:
                if isinstance(root, WWWRoot):
                    out.append((os.path.abspath(root.path), root.app))
                else:
                    out.append((os.path.abspath(os.fspath(root)), None))
            return out
        from django.apps import apps

        app_roots = [
            (os.path.join(app_config.path, "www"), app_config.module.__name__)
            for app_config in apps.get_app_configs()
        ]
        app_by_real = {}
        for path, app in app_roots:
            app_by_real.setdefault(os.path.realpath(path), app)
        out = []
        for directory in web_settings.WWW_DIRS or []:
            path = os.path.abspath(os.fspath(directory))
            out.append((path, app_by_real.get(os.path.realpath(path))))
        return out + app_roots

    # -- building -----------------------------------------------------------

    def _build(self) -> _Snapshot:
        started = time.time_ns()
        roots: list[WWWRoot] = []
        watched: dict[str, int | None] = {}
        seen: set[str] = set()
        for path, app in self.configured_roots():
            # a missing folder is watched so that creating it is noticed in DEBUG
            watched[path] = _mtime(path)
            if not os.path.isdir(path):
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            roots.append(WWWRoot(real, app))

        pages: dict[str, PageSource] = {}
        static: dict[str, StaticSource] = {}
        order_files: dict[str, str] = {}  # parent route -> real path of its index.txt
        for root in roots:
            scan = _RootScan(root)
            scan.scan()
            watched.update(scan.watched)
            root_pages = self._pages_of(scan)
            for route, page in root_pages.items():
                pages.setdefault(route, page)
            for rel, real in scan.files.items():
                name = rel.rpartition("/")[2]
                ext = os.path.splitext(name)[1].lower()
                if ext in PYTHON_EXTENSIONS or ext in _KIND:
                    continue
                if name == ORDER_FILE:
                    order_files.setdefault(rel.rpartition("/")[0], real)
                    continue
                static.setdefault(rel, StaticSource(rel, real, _content_type(real), root.path))
        for route in list(static):
            if route in pages:
                del static[route]  # a page and a file with the same route: the page wins

        children = self._children_of(pages, order_files)
        self.builds += 1
        racy = any(mtime is not None and mtime >= started - _RACY_WINDOW_NS for mtime in watched.values())
        return _Snapshot(tuple(roots), pages, static, children, watched, racy)

    @staticmethod
    def _pages_of(scan: _RootScan) -> dict[str, PageSource]:
        """The pages of one folder, applying the candidate order inside it."""
        best: dict[str, tuple[int, str, str]] = {}  # route -> (rank, rel, ext)
        for rel in scan.files:
            stem, ext = os.path.splitext(rel)
            ext = ext.lower()
            if ext not in _KIND:
                continue
            directory, _, name = stem.rpartition("/")
            if name == "index":
                # "index.html" at the top is the home page route "index"
                route = directory or "index"
                rank = 2 + PAGE_EXTENSIONS.index(ext) if directory else PAGE_EXTENSIONS.index(ext)
            else:
                route = stem
                rank = PAGE_EXTENSIONS.index(ext)
            current = best.get(route)
            if current is None or rank < current[0]:
                best[route] = (rank, rel, ext)

        pages = {}
        for route, (_rank, rel, ext) in best.items():
            stem = rel[: -len(ext)]
            directory, _, name = stem.rpartition("/")
            prefix = f"{directory}/" if directory else ""
            controller = None
            for candidate in dict.fromkeys((name.replace("-", "_"), name)):
                controller = scan.files.get(f"{prefix}{candidate}.py")
                if controller:
                    break
            pages[route] = PageSource(
                route=route,
                root=scan.root.path,
                path=scan.files[rel],
                kind=_KIND[ext],
                controller=controller,
                is_index=name == "index",
                relpath=rel,
                app=scan.root.app,
                colocated_js=scan.files.get(f"{stem}.js"),
                colocated_css=scan.files.get(f"{stem}.css"),
            )
        return pages

    @staticmethod
    def _children_of(pages: dict[str, PageSource], order_files: dict[str, str]) -> dict[str, tuple[PageSource, ...]]:
        grouped: dict[str, list[PageSource]] = {}
        for page in pages.values():
            parent = page.parent_route
            if parent is None:
                continue
            grouped.setdefault(parent, []).append(page)
        children = {}
        for parent, items in grouped.items():
            items.sort(key=lambda page: page.route)
            order = _read_order_file(order_files.get(parent))
            if order:
                by_name = {page.route.rpartition("/")[2]: page for page in items}
                first = [by_name[name] for name in order if name in by_name]
                items = first + [page for page in items if page not in first]
            children[parent] = tuple(items)
        return children

    # -- freshness ----------------------------------------------------------

    def _get(self) -> _Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            with self._lock:
                if self._snapshot is None:
                    self._snapshot = self._build()
                    self._last_check = time.monotonic()
                return self._snapshot
        if settings.DEBUG:
            self._maybe_refresh(snapshot)
            return self._snapshot or snapshot
        return snapshot

    def _maybe_refresh(self, snapshot: _Snapshot) -> None:
        now = time.monotonic()
        if now - self._last_check < self.refresh_interval:
            return
        if not self._lock.acquire(blocking=False):
            return  # another thread is checking; use the current snapshot meanwhile
        try:
            if self._snapshot is not snapshot:
                return
            self._last_check = now
            if self._is_stale(snapshot):
                self._snapshot = self._build()
        finally:
            self._lock.release()

    def _is_stale(self, snapshot: _Snapshot) -> bool:
        if snapshot.racy:
            return True
        roots = self.configured_roots()
        if any(path not in snapshot.watched for path, _app in roots):
            return True
        return any(_mtime(path) != mtime for path, mtime in snapshot.watched.items())

    def refresh(self) -> None:
        """Rebuild now (the next lookup walks the folders again)."""
        with self._lock:
            self._snapshot = None

    # -- lookups ------------------------------------------------------------

    @property
    def roots(self) -> tuple[WWWRoot, ...]:
        return self._get().roots

    def find_page(self, route: str) -> PageSource | None:
        """The page for a route (``""`` and ``"index"`` are the top-level index)."""
        if not is_file_route(route):
            return None
        return self._get().pages.get(_canonical_route(route))

    def find_static(self, route: str) -> StaticSource | None:
        """The static file at exactly this route (its path inside the www folder)."""
        if not is_file_route(route):
            return None
        return self._get().static.get(route.strip("/"))

    def iter_pages(self) -> Iterator[PageSource]:
        """Every page, sorted by route."""
        pages = self._get().pages
        return iter([pages[route] for route in sorted(pages)])

    def iter_static(self) -> Iterator[StaticSource]:
        """Every static file, sorted by route."""
        static = self._get().static
        return iter([static[route] for route in sorted(static)])

    def children(self, route: str) -> list[PageSource]:
        """Pages directly inside the folder of ``route``, in ``index.txt`` order, then by route.

        ``children("")`` (or ``"index"``) lists the top-level pages except the home page.
        """
        route = route.strip("/")
        if route == "index":
            route = ""
        elif route.endswith("/index"):
            route = route[:-6]
        return list(self._get().children.get(route, ()))

    def next_page(self, route: str) -> PageSource | None:
        """The sibling after ``route`` in its folder's child listing (Frappe's ``{next}`` link)."""
        page = self.find_page(route)
        if page is None or page.parent_route is None:
            return None
        siblings = self._get().children.get(page.parent_route, ())
        for position, sibling in enumerate(siblings):
            if sibling.route == page.route:
                return siblings[position + 1] if position + 1 < len(siblings) else None
        return None

    def __contains__(self, route: str) -> bool:
        return self.find_page(route) is not None


def _read_order_file(path: str | None) -> list[str]:
    if not path:
        return []
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip().strip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")]


_index: ProcessSingleton[WWWIndex] = ProcessSingleton(lambda: WWWIndex())


def get_www_index() -> WWWIndex:
    """The process-wide :class:`WWWIndex` (created on first use)."""
    return _index.get()


def reset_www_index() -> None:
    """Forget the process-wide index and the loaded controllers and parsed sources."""
    _index.reset()
    with _controller_lock:
        _controllers.clear()
    _source_cache.clear()


def _on_setting_changed(*args: Any, setting: str, **kwargs: Any) -> None:
    if setting in ("FRAPPE_WEB", "INSTALLED_APPS", "DEBUG"):
        reset_www_index()


setting_changed.connect(_on_setting_changed)


# ---------------------------------------------------------------------------
# Reading sources
# ---------------------------------------------------------------------------

_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_SOURCE_CACHE_SIZE = 512
_source_cache: dict[tuple[str, int, int], ParsedSource] = {}


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
        raise ValidationError(f"Invalid YAML front matter in {path}: {exc}", title="Invalid front matter") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError(
            f"Front matter in {path} must be a mapping of keys to values, not {type(data).__name__}",
            title="Invalid front matter",
        )
    bad = [key for key in data if not isinstance(key, str)]
    if bad:
        raise ValidationError(f"Front matter keys in {path} must be strings: {bad!r}", title="Invalid front matter")
    return data, text[closing.end() :]


def read_source(page: PageSource) -> ParsedSource:
    """Read a page source (UTF-8) and split off its YAML front matter.

    Invalid YAML, front matter that is not a mapping (or has non-string keys)
    and a file that is not UTF-8 raise :class:`ValidationError` naming the file
    by its path inside the www folder.

    Results are cached by path, mtime and size; callers get a fresh
    ``front_matter`` dict each time, so they may change it.
    """
    path = page.path
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    cached = _source_cache.get(key)
    if cached is None:
        name = page.relpath or path
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{name} is not valid UTF-8: {exc}", title="Invalid page source") from exc
        front_matter, body = _split_front_matter(text, name)
        cached = ParsedSource(front_matter, body, page.kind, path)
        if len(_source_cache) >= _SOURCE_CACHE_SIZE:
            _source_cache.clear()
        _source_cache[key] = cached
    return ParsedSource(dict(cached.front_matter), cached.body, cached.kind, cached.path)


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


# ---------------------------------------------------------------------------
# Controllers
# ---------------------------------------------------------------------------

_controllers: dict[str, tuple[ModuleType, int | None]] = {}
_controller_lock = threading.RLock()


def _dotted_name(page: PageSource) -> str | None:
    """``<app>.www.<a.b.c>`` for a controller inside an installed app, if importable by name."""
    if not page.app or not page.controller:
        return None
    relpath = os.path.relpath(page.controller, page.root).replace(os.sep, "/")
    if relpath.startswith("../") or not relpath.endswith(".py"):
        return None
    parts = relpath[:-3].split("/")
    if not all(part.isidentifier() and not keyword.iskeyword(part) for part in parts):
        return None
    return ".".join([page.app, "www", *parts])


def _module_file_matches(module: ModuleType, path: str) -> bool:
    module_file = getattr(module, "__file__", None)
    return bool(module_file) and os.path.realpath(module_file) == path


def _load_by_file(path: str, previous: ModuleType | None = None) -> ModuleType:
    name = previous.__name__ if previous is not None else (
        "_frappe_www_controller_" + hashlib.sha1(path.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()[:16]
    )
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"Cannot load the page controller {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        if previous is not None:
            sys.modules[name] = previous
        else:
            sys.modules.pop(name, None)
        raise
    return module


def _import_dotted(dotted: str, previous: ModuleType | None) -> ModuleType | None:
    try:
        if previous is not None and previous.__name__ == dotted:
            return importlib.reload(previous)
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        # the dotted name itself does not lead to the file (e.g. the app has a www.py module):
        # load by file instead. A missing import *inside* the controller propagates.
        if exc.name and (dotted == exc.name or dotted.startswith(exc.name + ".")):
            return None
        raise


def _import_controller(page: PageSource, previous: ModuleType | None) -> ModuleType:
    path = page.controller
    assert path is not None
    dotted = _dotted_name(page)
    if dotted:
        module = _import_dotted(dotted, previous)
        if module is not None and _module_file_matches(module, path):
            return module
    return _load_by_file(path, previous if previous is not None and previous.__name__ != dotted else None)


def load_controller(page: PageSource) -> ModuleType | None:
    """The page's controller module (``None`` when it has none); errors in it propagate.

    Cached per file; with ``settings.DEBUG`` a changed file is executed again.
    """
    path = page.controller
    if not path:
        return None
    cached = _controllers.get(path)
    if cached is not None and not settings.DEBUG:
        return cached[0]
    mtime = _mtime(path)
    if cached is not None and cached[1] == mtime:
        return cached[0]
    with _controller_lock:
        cached = _controllers.get(path)
        if cached is not None and (cached[1] == mtime or not settings.DEBUG):
            return cached[0]
        module = _import_controller(page, cached[0] if cached else None)
        _controllers[path] = (module, mtime)
        return module


def _accepts_argument(function: Any) -> bool:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return True
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD, parameter.VAR_POSITIONAL):
            return True
    return False


def call_get_context(module: ModuleType | None, context: dict) -> dict:
    """Run ``module.get_context`` (with ``context`` if it takes an argument) and merge a returned mapping.

    Returns ``context`` (updated in place). A return value that is neither
    ``None`` nor a mapping is a :class:`TypeError`; exceptions propagate.
    """
    get_context = getattr(module, "get_context", None) if module is not None else None
    if not callable(get_context):
        return context
    result = get_context(context) if _accepts_argument(get_context) else get_context()
    if result is None or result is context:
        return context
    if not isinstance(result, Mapping):
        raise TypeError(
            f"get_context() in {getattr(module, '__name__', module)} returned {type(result).__name__}; "
            "return a dict or None"
        )
    context.update(result)
    return context


def controller_attrs(module: ModuleType | None) -> dict[str, Any]:
    """Module-level ``no_cache``, ``sitemap``, ``base_template_path``, ``no_breadcrumbs``, ``title`` that are defined."""
    if module is None:
        return {}
    return {name: getattr(module, name) for name in CONTROLLER_ATTRS if hasattr(module, name)}
