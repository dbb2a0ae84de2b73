"""``frappe.cache``: Frappe's cache API over a Django cache, in the shape of Django's cache backends.

:class:`FrappeCache` is the API (:mod:`.frappe_cache`); storage strategies live in :mod:`.base`,
:mod:`.redis` and :mod:`.fallback` and are chosen in :mod:`.strategies`; the per-request layer is
:mod:`.request_layer`. ``get_cache()`` is the process-wide instance. See docs/caching.md.
"""

from __future__ import annotations

from typing import Any

from ..settings import SETTINGS_NAME
from ..utils import ProcessSingleton
from .base import BaseCacheStrategy
from .fallback import FallbackCacheStrategy
from .frappe_cache import FrappeCache
from .redis import RedisCacheStrategy, redis_glob_escape

__all__ = [
    "BaseCacheStrategy",
    "FallbackCacheStrategy",
    "FrappeCache",
    "RedisCacheStrategy",
    "get_cache",
    "redis_glob_escape",
    "reset_cache",
]

_instance: ProcessSingleton[FrappeCache] = ProcessSingleton(lambda: FrappeCache())


def get_cache() -> FrappeCache:
    """The process-wide :class:`FrappeCache` (``frappe.cache``) for ``FRAPPE_WEB["CACHE_ALIAS"]``."""
    return _instance.get()


def reset_cache(*args: Any, setting: str | None = None, **kwargs: Any) -> None:
    """Drop the process-wide instance (rebuilt lazily); connected to ``setting_changed``."""
    if setting is None or setting in {SETTINGS_NAME, "CACHES", "DJANGO_REDIS_IGNORE_EXCEPTIONS"}:
        _instance.reset()

