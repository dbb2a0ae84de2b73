"""What :class:`~django_frappe_web.cache.FrappeCache` needs from a storage strategy.

A strategy stores Frappe's values and hashes in one Django cache alias; see docs/caching.md
for the Redis strategy, the fallback strategy and how one is chosen.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches

__all__ = ["MISSING", "BaseCacheStrategy", "to_str"]

MISSING = object()  # "nothing there", where None is a value a cache may hold


def to_str(value: Any) -> str:
    """A key or field name as ``str`` (Redis answers ``bytes``)."""
    if isinstance(value, bytes):
        return value.decode()
    return value if isinstance(value, str) else str(value)


class BaseCacheStrategy:
    """Stores Frappe keys in the Django cache ``alias``.

    Keys here are Frappe keys (already namespaced by :meth:`FrappeCache.make_key`), before the
    Django backend's own ``KEY_PREFIX``/``VERSION``. Misses read ``None``. Subclass it and name
    the subclass in ``FRAPPE_WEB["CACHE_STRATEGY"]`` to store ``frappe.cache`` another way.
    """

    #: True when hashes are native (atomic, one server-side structure).
    native_hashes: bool = False

    def __init__(self, alias: str):
        self.alias = alias

    @classmethod
    def supports(cls, backend: Any) -> bool:
        """Whether this strategy can serve ``backend`` (a Django cache backend instance)."""
        return True

    @property
    def backend(self) -> Any:
        # Django's cache handler is per thread: resolve the backend on every call.
        return caches[self.alias]

    def get(self, key: str) -> Any:
        raise NotImplementedError

    def set(self, key: str, value: Any, timeout: float | None) -> None:
        raise NotImplementedError

    def delete_many(self, keys: list[str]) -> None:
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        raise NotImplementedError

    def keys_with_prefix(self, prefix: str) -> list[str]:
        raise NotImplementedError

    def delete_prefix(self, prefix: str) -> int:
        raise NotImplementedError

    def hset(self, name: str, mapping: dict[str, Any]) -> None:
        raise NotImplementedError

    def hget(self, name: str, field: str) -> Any:
        raise NotImplementedError

    def hdel(self, name: str, fields: list[str]) -> int:
        raise NotImplementedError

    def hgetall(self, name: str) -> dict[str, Any]:
        raise NotImplementedError

    def hkeys(self, name: str) -> list[str]:
        raise NotImplementedError

    def hexists(self, name: str, field: str) -> bool:
        raise NotImplementedError
