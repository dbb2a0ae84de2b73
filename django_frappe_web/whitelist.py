"""``frappe.whitelist``: the registry of functions callable at ``/api/method/<dotted.path>``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed

from .exceptions import DoesNotExistError, PermissionError

ALL_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


@dataclass(frozen=True)
class WhitelistedMethod:
    func: Callable[..., Any]
    allow_guest: bool
    methods: tuple[str, ...]
    xss_safe: bool
    path: str


_registry: dict[str, WhitelistedMethod] = {}
_by_func: dict[Callable[..., Any], WhitelistedMethod] = {}
_aliases: dict[str, str] = {}


def dotted_path(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def whitelist(
    allow_guest: bool | Callable[..., Any] = False,
    methods: Iterable[str] | str | None = None,
    xss_safe: bool = False,
) -> Callable[..., Any]:
    """Expose a function at ``/api/method/<module.function>``.

    Use as ``@frappe.whitelist()``, ``@frappe.whitelist(allow_guest=True, methods=["POST"])``
    or bare ``@frappe.whitelist``.
    """
    if callable(allow_guest):  # bare @whitelist
        return whitelist()(allow_guest)
    allowed = (methods,) if isinstance(methods, str) else tuple(methods or ALL_METHODS)

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        entry = WhitelistedMethod(func, bool(allow_guest), tuple(m.upper() for m in allowed), xss_safe, dotted_path(func))
        _registry[entry.path] = entry
        _by_func[func] = entry
        return func

    return decorator


def alias(path: str, func: Callable[..., Any]) -> None:
    """Make a whitelisted function answer at another path too (e.g. ``frappe.client.get_list``)."""
    _aliases[path] = dotted_path(func)


def is_whitelisted(func: Callable[..., Any]) -> bool:
    return getattr(func, "__func__", func) in _by_func


def get_whitelisted(path: str) -> WhitelistedMethod:
    """The whitelisted function at ``path``, importing its module when it lives in an installed app.

    Raises ``DoesNotExistError`` for a path that names nothing, and ``PermissionError``
    for a function that exists but is not whitelisted (without naming its module).
    """
    path = _aliases.get(path, path)
    entry = _registry.get(path)
    if entry is not None:
        return entry
    func = _import_attribute(path)
    entry = _by_func.get(getattr(func, "__func__", func)) if callable(func) else None
    if entry is None:
        if func is None:
            raise DoesNotExistError(f"Method {path} not found")
        raise PermissionError("Function is not whitelisted")
    return entry


def _import_attribute(path: str) -> Any:
    if not _valid_dotted(path) or not _in_installed_app(path):
        return None
    module_path, _, attr = path.rpartition(".")
    try:
        module = import_module(module_path)
    except ImportError:
        return None
    return getattr(module, attr, None)


def _valid_dotted(path: str) -> bool:
    parts = path.split(".")
    return 2 <= len(parts) <= 20 and len(path) <= 500 and all(part.isidentifier() for part in parts)


@functools.lru_cache(maxsize=1)
def _installed_packages() -> tuple[str, ...]:
    return tuple(config.name for config in apps.get_app_configs())


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        _installed_packages.cache_clear()


setting_changed.connect(_on_setting_changed)


def _in_installed_app(path: str) -> bool:
    # Only modules inside installed apps are imported on a visitor's say-so.
    return any(path.startswith(f"{package}.") for package in _installed_packages())
