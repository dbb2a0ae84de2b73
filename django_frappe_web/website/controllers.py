"""Page controllers: the ``.py`` beside a www page, imported (and re-imported in ``DEBUG`` when it
changes), its ``get_context`` called and its module-level page attributes read."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import keyword
import os
import sys
import threading
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from django.conf import settings

from .sources import read_source
from .www_files import PageSource, file_mtime

__all__ = ["CONTROLLER_ATTRS", "call_get_context", "clear_controllers", "controller_attrs", "load_controller"]

#: module-level controller attributes copied by :func:`controller_attrs`
CONTROLLER_ATTRS: tuple[str, ...] = ("no_cache", "sitemap", "base_template_path", "no_breadcrumbs", "title")

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
    mtime = file_mtime(path)
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


def clear_controllers() -> None:
    """Forget the loaded controllers (:func:`~.www_index.reset_www_index` calls it)."""
    with _controller_lock:
        _controllers.clear()


def page_option(page: PageSource, name: str) -> Any:
    """A www page's ``name`` from its front matter, else from its controller (``None``: neither
    says, or the page is broken, which the sitemap and the search leave out rather than break on)."""
    try:
        front_matter = read_source(page).front_matter
        attrs = controller_attrs(load_controller(page))
    except Exception:  # noqa: BLE001
        return None
    return front_matter.get(name, attrs.get(name))
