"""Which storage strategy serves a cache alias.

``FRAPPE_WEB["CACHE_STRATEGY"]`` (a dotted path to a :class:`BaseCacheStrategy` subclass) when
set, else the first automatic strategy that supports the backend: Redis on django-redis, the
fallback on anything else.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches

from ..settings import web_settings
from .base import BaseCacheStrategy
from .fallback import FallbackCacheStrategy
from .redis import RedisCacheStrategy

__all__ = ["AUTOMATIC_STRATEGIES", "strategy_class", "strategy_for", "strategy_problem"]

#: Asked in order; the last one supports every backend.
AUTOMATIC_STRATEGIES: tuple[type[BaseCacheStrategy], ...] = (RedisCacheStrategy, FallbackCacheStrategy)


def strategy_class(backend: Any) -> type[BaseCacheStrategy]:
    """The strategy class for ``backend``: the configured one, else the first that supports it."""
    configured = web_settings.CACHE_STRATEGY
    if configured is not None:
        return configured
    return next(cls for cls in AUTOMATIC_STRATEGIES if cls.supports(backend))


def strategy_for(alias: str) -> BaseCacheStrategy:
    """The storage strategy for the Django cache ``alias``."""
    return strategy_class(caches[alias])(alias)


def strategy_problem(alias: str) -> str | None:
    """Why ``FRAPPE_WEB["CACHE_STRATEGY"]`` cannot serve ``alias``, or ``None`` (for the system check)."""
    try:
        configured = web_settings.CACHE_STRATEGY
    except ImportError as exc:
        return str(exc)
    if configured is None:
        return None
    if not (isinstance(configured, type) and issubclass(configured, BaseCacheStrategy)):
        return f"FRAPPE_WEB['CACHE_STRATEGY'] is {configured!r}, which is not a BaseCacheStrategy subclass."
    if not configured.supports(caches[alias]):
        return f"{configured.__name__} does not support the backend of cache {alias!r}."
    return None
