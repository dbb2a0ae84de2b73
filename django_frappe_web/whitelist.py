"""``frappe.whitelist``: the registry of functions callable at ``/api/method/<dotted.path>``.

A path is resolved as Frappe's ``get_attr`` does -- ``<module>.<name>``, the object the
module exposes under that name -- with two differences that keep visitors from steering the
server: a module is never imported on request (it must already be imported: apps' ``api``
modules are imported at start-up by :func:`autodiscover`, and every module that declares a
whitelisted function is recorded when it is imported), and only modules inside installed apps
or declaring whitelisted functions are looked at.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

from .exceptions import DoesNotExistError, PermissionError
from .translate import _

# Frappe's default verbs; PATCH only when a function declares it.
DEFAULT_METHODS = ("GET", "POST", "PUT", "DELETE")
DISCOVERED_MODULE = "api"
MAX_WRAPPERS = 32  # how deep a __wrapped__ chain is followed
MAX_PATH_LENGTH = 500


@dataclass(frozen=True)
class WhitelistedMethod:
    """A whitelisted function as a path resolved to it: ``func`` is what the module exposes there
    (the whitelisted function, or a decorator's wrapper around it) and is what gets called."""

    func: Callable[..., Any]
    allow_guest: bool
    methods: tuple[str, ...]
    xss_safe: bool
    path: str
    changes_state: bool = False


_by_func: dict[Callable[..., Any], WhitelistedMethod] = {}
_modules: set[str] = set()
_aliases: dict[str, str] = {}
_MISSING = object()


def dotted_path(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def whitelist(
    allow_guest: bool | Callable[..., Any] = False,
    methods: Iterable[str] | str | None = None,
    xss_safe: bool = False,
    *,
    changes_state: bool | None = None,
) -> Callable[..., Any]:
    """Expose a function at ``/api/method/<module.function>``.

    Use as ``@frappe.whitelist()``, ``@frappe.whitelist(allow_guest=True, methods=["POST"])``
    or bare ``@frappe.whitelist``. ``methods`` defaults to Frappe's GET, POST, PUT and DELETE.
    ``changes_state`` (not in Frappe) marks a function that writes although it answers GET: a GET
    of it that a browser sends from another site is refused. A function whose ``methods`` leave
    GET out changes state by declaration.
    """
    if callable(allow_guest):  # bare @whitelist
        return whitelist()(allow_guest)
    allowed = tuple(m.upper() for m in ((methods,) if isinstance(methods, str) else (methods or DEFAULT_METHODS)))
    writes = "GET" not in allowed if changes_state is None else bool(changes_state)

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        target = getattr(func, "__func__", func)
        _by_func[target] = WhitelistedMethod(target, bool(allow_guest), allowed, xss_safe, dotted_path(target), writes)
        _modules.add(target.__module__)
        return func

    return decorator


def alias(path: str, func: Callable[..., Any]) -> None:
    """Make a whitelisted function answer at another path too (e.g. ``frappe.client.get_list``)."""
    _aliases[path] = dotted_path(func)


def is_whitelisted(func: Callable[..., Any]) -> bool:
    """Whether ``func`` is a whitelisted function, or a wrapper (``functools.wraps``) around one."""
    return _registered_entry(func) is not None


def whitelisted_entry(func: Any) -> WhitelistedMethod | None:
    """The registry entry of a whitelisted function (or of a wrapper around one), else ``None``."""
    return _registered_entry(func)


def whitelisted_modules() -> frozenset[str]:
    """The modules that declared whitelisted functions so far (recorded when they were imported)."""
    return frozenset(_modules)


def autodiscover() -> None:
    """Import every installed app's ``api`` module, so its whitelisted functions are known before any
    request (paths are never imported on request)."""
    autodiscover_modules(DISCOVERED_MODULE)


def get_whitelisted(path: str) -> WhitelistedMethod:
    """The whitelisted function a path names, resolved to what its module exposes.

    Raises ``DoesNotExistError`` for a path that names nothing that may be looked at (never
    importing anything), and ``PermissionError`` for an object of an installed app that is not
    whitelisted (without naming its module).
    """
    path = _aliases.get(path, path)
    exposed = _exposed_object(path)
    entry = _registered_entry(exposed) if exposed is not _MISSING else None
    if entry is not None:
        # Call what the module exposes: decorators stacked above @whitelist must run.
        return entry if entry.func is exposed and entry.path == path else _resolved(entry, exposed, path)
    if exposed is _MISSING or not _in_installed_app(path):
        raise DoesNotExistError(_("Method {0} not found").format(path))
    raise PermissionError(_("Function is not whitelisted"))


def whitelisted_paths() -> dict[str, WhitelistedMethod]:
    """Every path a whitelisted function answers at now (its dotted path and its aliases), sorted.

    A registered function its module does not expose under its name (a model's method, a
    function defined inside another, one replaced by an unwrapped object) has no path here.
    """
    paths = {entry.path for entry in list(_by_func.values())} | set(_aliases)
    found = {}
    for path in sorted(paths):
        try:
            found[path] = get_whitelisted(path)
        except (DoesNotExistError, PermissionError):
            continue
    return found


@functools.lru_cache(maxsize=1024)  # only whitelisted functions reach it: a bounded set, not visitors' paths
def _resolved(entry: WhitelistedMethod, exposed: Callable[..., Any], path: str) -> WhitelistedMethod:
    return dataclasses.replace(entry, func=exposed, path=path)


def _exposed_object(path: str) -> Any:
    """What ``<module>.<name>`` is in an already imported module that may be looked at, else ``_MISSING``.

    Only dictionary look-ups: a path that is not a module and a name (bad characters, empty parts)
    simply matches nothing."""
    module_path, _dot, name = path.rpartition(".")
    if not module_path or len(path) > MAX_PATH_LENGTH:
        return _MISSING
    if module_path not in _modules and not _in_installed_app(path):
        return _MISSING
    module = sys.modules.get(module_path)  # never imported here: importing runs code a visitor chose
    if module is None:
        return _MISSING
    # The module's own namespace, not getattr: a module __getattr__ could import or compute on request.
    return getattr(module, "__dict__", {}).get(name, _MISSING)


def _registered_entry(obj: Any) -> WhitelistedMethod | None:
    """The registry entry of ``obj`` or of the function it wraps (its ``__wrapped__`` chain)."""
    for _attempt in range(MAX_WRAPPERS):
        if not callable(obj):
            return None
        try:
            entry = _by_func.get(getattr(obj, "__func__", obj))
            if entry is not None:
                return entry
            obj = getattr(obj, "__wrapped__", None)
        except Exception:  # unhashable, or an attribute hook that fails: not a whitelisted function
            return None
    return None


@functools.lru_cache(maxsize=1)
def _installed_packages() -> tuple[str, ...]:
    return tuple(config.name for config in apps.get_app_configs())


def on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        _installed_packages.cache_clear()



def _in_installed_app(path: str) -> bool:
    return any(path.startswith(f"{package}.") for package in _installed_packages())
