"""The www index: every page and static file of the www folders, found once and then looked up
without touching the disk (with ``DEBUG``, rebuilt when a folder changes). How folders, pages and
static files are chosen is in docs/www.md."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed

from ..languages import for_language
from ..settings import web_settings
from ..utils import ProcessSingleton
from .controllers import clear_controllers
from .paths import is_file_route
from .sources import clear_source_cache
from .www_files import PageSource, RootScan, StaticSource, WWWRoot, children_of, file_mtime

__all__ = ["WWWIndex", "get_www_index", "reset_www_index"]

# folders modified less than this before a build are checked again on the next DEBUG check
_RACY_WINDOW_NS = 2_000_000_000


@dataclass
class _Snapshot:
    roots: tuple[WWWRoot, ...]
    pages: dict[str, PageSource]
    static: dict[str, StaticSource]
    children: dict[str, tuple[PageSource, ...]]
    translations: dict[str, dict[str, PageSource]]  # route -> language -> the page's source in it
    # path -> st_mtime_ns (None: missing); watched in DEBUG
    watched: dict[str, int | None] = field(default_factory=dict)
    # a watched folder changed so shortly before the build that a later change could
    # keep the same mtime (coarse file-system clocks): check again (as Git's "racy" files)
    racy: bool = False


def _canonical_route(route: str) -> str:
    """Accept small variations of a route in :meth:`WWWIndex.find_page`."""
    route = route.strip("/")
    if route.endswith(".html"):
        route = route[:-5]
    if route.endswith("/index"):
        route = route[:-6]
    return route or "index"


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

    def _existing_roots(self, watched: dict[str, int | None]) -> list[WWWRoot]:
        """The configured folders that exist, each once (by real path), at its first position."""
        roots: list[WWWRoot] = []
        seen: set[str] = set()
        for path, app in self.configured_roots():
            # a missing folder is watched so that creating it is noticed in DEBUG
            watched[path] = file_mtime(path)
            if not os.path.isdir(path):
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            roots.append(WWWRoot(real, app))
        return roots

    def _build(self) -> _Snapshot:
        started = time.time_ns()
        watched: dict[str, int | None] = {}
        roots = self._existing_roots(watched)
        pages: dict[str, PageSource] = {}
        static: dict[str, StaticSource] = {}
        order_files: dict[str, str] = {}  # parent route -> real path of its index.txt
        translations: dict[str, dict[str, PageSource]] = {}
        languages = frozenset(code.lower() for code, _name in settings.LANGUAGES)
        for root in roots:
            scan = RootScan(root, languages)
            scan.scan()
            watched.update(scan.watched)
            for route, page in scan.pages().items():
                pages.setdefault(route, page)
            for (route, language), page in scan.translations().items():
                translations.setdefault(route, {}).setdefault(language, page)
            root_static, root_order_files = scan.static_files()
            for route, source in root_static.items():
                static.setdefault(route, source)
            for parent, path in root_order_files.items():
                order_files.setdefault(parent, path)
        for route in list(static):
            if route in pages:
                del static[route]  # a page and a file with the same route: the page wins

        children = children_of(pages, order_files)
        self.builds += 1
        racy = any(mtime is not None and mtime >= started - _RACY_WINDOW_NS for mtime in watched.values())
        return _Snapshot(tuple(roots), pages, static, children, translations, watched, racy)

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
        return any(file_mtime(path) != mtime for path, mtime in snapshot.watched.items())

    def refresh(self) -> None:
        """Rebuild now (the next lookup walks the folders again)."""
        with self._lock:
            self._snapshot = None

    # -- lookups ------------------------------------------------------------

    @property
    def roots(self) -> tuple[WWWRoot, ...]:
        return self._get().roots

    def find_page(self, route: str, language: str | None = None) -> PageSource | None:
        """The page for a route (``""`` and ``"index"`` are the top-level index): its translation
        into ``language`` (``de-at``, else ``de``) when it has one, else the page's own source."""
        if not is_file_route(route):
            return None
        snapshot, route = self._get(), _canonical_route(route)
        found = for_language(snapshot.translations.get(route, {}), language)
        return found if found is not None else snapshot.pages.get(route)

    def languages_of(self, route: str) -> list[str]:
        """The languages ``route``'s page has a translation in (``about.de.md``: ``["de"]``)."""
        if not is_file_route(route):
            return []
        return sorted(self._get().translations.get(_canonical_route(route), ()))

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


_index: ProcessSingleton[WWWIndex] = ProcessSingleton(lambda: WWWIndex())


def get_www_index() -> WWWIndex:
    """The process-wide :class:`WWWIndex` (created on first use)."""
    return _index.get()


def reset_www_index() -> None:
    """Forget the process-wide index and the loaded controllers and parsed sources."""
    _index.reset()
    clear_controllers()
    clear_source_cache()


def _on_setting_changed(*args: Any, setting: str, **kwargs: Any) -> None:
    if setting in ("FRAPPE_WEB", "INSTALLED_APPS", "DEBUG", "LANGUAGES"):
        reset_www_index()


setting_changed.connect(_on_setting_changed)
