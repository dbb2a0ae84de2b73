"""Frappe-style app hooks: values contributed by a ``hooks.py`` module at an installed app's root.

Supported names: the lists ``page_renderer``, ``website_redirects``, ``website_route_rules`` and
``website_context`` (read with :func:`get_hooks`), and the dict ``scheduler_events`` (read with
:func:`get_hook_dicts`). Apps are read in ``INSTALLED_APPS`` order; ``FRAPPE_WEB`` settings
always come first (the callers put them there).
"""

from __future__ import annotations

import functools
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@functools.cache
def _hook_modules() -> tuple[tuple[str, Any], ...]:
    modules = []
    for config in apps.get_app_configs():
        # module_has_submodule, as Django's autodiscovery: an app may be a single module (no __path__).
        if module_has_submodule(config.module, "hooks"):
            modules.append((config.name, import_module(f"{config.name}.hooks")))
    return tuple(modules)


def get_hooks(hook: str) -> list[tuple[str, Any]]:
    """``[(app_name, item), ...]`` for every item of every app's ``hooks.<hook>`` list."""
    items = []
    for app_name, module in _hook_modules():
        value = getattr(module, hook, None) or []
        items.extend((app_name, item) for item in (value if isinstance(value, (list, tuple)) else [value]))
    return items


def get_hook_dicts(hook: str) -> list[tuple[str, dict[str, Any]]]:
    """``[(app_name, mapping), ...]`` for every app whose ``hooks.<hook>`` is a non-empty dict.

    Frappe merges such dicts across apps; callers here keep each app's apart so an
    error can name the app it comes from.
    """
    found = []
    for app_name, module in _hook_modules():
        value = getattr(module, hook, None)
        if value:
            if not isinstance(value, dict):
                raise TypeError(f"{app_name}.hooks.{hook} must be a dict, not {type(value).__name__}")
            found.append((app_name, value))
    return found


def clear_hooks_cache(**kwargs: Any) -> None:
    _hook_modules.cache_clear()


def on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        clear_hooks_cache()

