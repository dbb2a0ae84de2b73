"""``frappe.cache``: Frappe's ``RedisWrapper`` API over a Django cache.

:class:`FrappeCache` builds Frappe's keys, keeps the per-request layer and hands storage to a
strategy (:mod:`.strategies`). Usage, keys and values are described in docs/caching.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.core.cache import caches

from ..local import get_session_user
from ..settings import web_settings
from .base import MISSING, BaseCacheStrategy, to_str
from .request_layer import RequestLayer
from .strategies import strategy_for

__all__ = ["FrappeCache"]


def _as_list(keys: Any) -> list[Any]:
    """``"a"`` -> ``["a"]``; lists, tuples, sets and other iterables -> a list."""
    if isinstance(keys, (str, bytes)):
        return [keys]
    if isinstance(keys, Iterable):
        return list(keys)
    return [keys]


def _timeout(expires_in_sec: float | timedelta | None) -> float | None:
    """Frappe's ``expires_in_sec`` as a Django timeout: a falsy value means "never expires"."""
    if isinstance(expires_in_sec, timedelta):
        expires_in_sec = expires_in_sec.total_seconds()
    if not expires_in_sec:
        return None
    if expires_in_sec < 0:
        raise ValueError(f"expires_in_sec must be positive or None, not {expires_in_sec!r}")
    return expires_in_sec


def _user_name(user: Any) -> str:
    if user is True:
        return get_session_user()
    if hasattr(user, "get_username"):
        return getattr(user, "frappe_name", None) or user.get_username()
    return to_str(user)


class FrappeCache:
    """Frappe's ``frappe.cache`` over the Django cache ``alias`` (default ``FRAPPE_WEB["CACHE_ALIAS"]``).

    :param alias: a key of ``settings.CACHES``.
    :param namespace: prefix of every non-shared key (default ``FRAPPE_WEB["CACHE_KEY_PREFIX"]``);
        it plays the role of Frappe's site ``db_name``.
    """

    def __init__(self, alias: str | None = None, namespace: str | None = None):
        self.alias: str = alias if alias is not None else web_settings.CACHE_ALIAS
        self.namespace: str = namespace if namespace is not None else (web_settings.CACHE_KEY_PREFIX or "")
        self._store: BaseCacheStrategy | None = None
        self._layer_token = object()  # this instance's slot in frappe.local.request_cache

    def __repr__(self) -> str:
        return f"<FrappeCache alias={self.alias!r} namespace={self.namespace!r} store={type(self.store).__name__}>"

    def __call__(self) -> FrappeCache:
        """``frappe.cache()`` (Frappe < 15 spelling) returns the cache itself."""
        return self

    @property
    def store(self) -> BaseCacheStrategy:
        """The storage strategy (chosen by :func:`.strategies.strategy_for`)."""
        if self._store is None:
            self._store = strategy_for(self.alias)
        return self._store

    @property
    def backend(self) -> Any:
        """The Django cache backend behind this object."""
        return caches[self.alias]

    @property
    def is_redis(self) -> bool:
        """True on django-redis: native hashes and ``SCAN``-based ``delete_keys``."""
        return self.store.native_hashes

    # -- keys

    def make_key(self, key: Any, user: Any = None, shared: bool = False) -> str:
        """Frappe's key: ``"<namespace>|user:<user>:<key>"``; ``user=True`` is the session user.

        ``shared=True`` returns ``key`` unchanged (no namespace, no user), as Frappe does.
        """
        key = to_str(key)
        if shared:
            return key
        if user:
            key = f"user:{_user_name(user)}:{key}"
        return f"{self.namespace}|{key}" if self.namespace else key

    def _strip_namespace(self, full_key: str) -> str:
        marker = f"{self.namespace}|" if self.namespace else ""
        return full_key[len(marker) :] if marker and full_key.startswith(marker) else full_key

    # -- the per-request layer

    def _layer(self) -> RequestLayer | None:
        return RequestLayer.current(self._layer_token)

    # -- values

    def get_value(
        self, key: Any, generator: Callable[[], Any] | None = None, user: Any = None, expires: bool = False, shared: bool = False
    ) -> Any:
        """The cached value of ``key``, or ``None``.

        On a miss with ``generator``, it is called and its result stored (without expiry).
        ``expires=True``: the key is meant to expire, so the value is not kept in the
        per-request layer (Frappe's meaning).
        """
        full = self.make_key(key, user, shared)
        layer = self._layer()
        if layer is not None and not expires and full in layer.values:
            return layer.values[full]
        value = self.store.get(full)
        if value is None and generator is not None:
            value = generator()
            self._write(full, value, None, layer, keep_local=not expires)
        elif value is not None and layer is not None and not expires:
            layer.values[full] = value
        return value

    def set_value(
        self, key: Any, val: Any, user: Any = None, expires_in_sec: float | timedelta | None = None, shared: bool = False
    ) -> None:
        """Store ``val``; ``expires_in_sec`` (seconds or a ``timedelta``) or ``None`` for no expiry."""
        full = self.make_key(key, user, shared)
        timeout = _timeout(expires_in_sec)
        self._write(full, val, timeout, self._layer(), keep_local=timeout is None)

    def _write(self, full: str, value: Any, timeout: float | None, layer: RequestLayer | None, keep_local: bool) -> None:
        if layer is not None:
            if keep_local and value is not None:
                layer.values[full] = value
            else:
                layer.values.pop(full, None)
        self.store.set(full, value, timeout)

    def delete_value(self, keys: Any, user: Any = None, shared: bool = False) -> None:
        """Delete one key or a list of keys (hashes included)."""
        full_keys = [self.make_key(k, user, shared) for k in _as_list(keys)]
        layer = self._layer()
        if layer is not None:
            layer.forget(full_keys)
        self.store.delete_many(full_keys)

    def exists(self, key: Any, user: Any = None, shared: bool = False) -> bool:
        """Whether ``key`` (a value or a hash) is in the cache."""
        return self.store.exists(self.make_key(key, user, shared))

    def _full_prefix(self, prefix: Any, shared: bool) -> str:
        full = self.make_key(prefix, shared=shared)
        if not full:
            raise ValueError("refusing to act on every key of the cache; pass a prefix or use the Django cache's clear()")
        return full

    def get_keys(self, prefix: Any = "", shared: bool = False) -> list[str]:
        """Keys starting with ``prefix``, as you would pass them back to ``get_value`` (sorted)."""
        full = self._full_prefix(prefix, shared)
        keys = self.store.keys_with_prefix(full)
        return keys if shared else [self._strip_namespace(k) for k in keys]

    def delete_keys(self, prefix: Any, shared: bool = False) -> int:
        """Delete every key whose name starts with ``prefix`` (literally: ``*``, ``?``, ``[`` are not wildcards).

        ``delete_keys("")`` empties this namespace. Returns how many keys were removed (on
        the fallback: how many index entries matched).
        """
        full = self._full_prefix(prefix, shared)
        layer = self._layer()
        if layer is not None:
            layer.forget_prefix(full)
        return self.store.delete_prefix(full)

    # -- hashes

    def hset(self, name: Any, key: Any, value: Any, shared: bool = False) -> None:
        """Set field ``key`` of hash ``name`` (field names are strings)."""
        full, field = self.make_key(name, shared=shared), to_str(key)
        layer = self._layer()
        if layer is not None:
            layer.remember_field(full, field, value)
        self.store.hset(full, {field: value})

    def hget(self, name: Any, key: Any, generator: Callable[[], Any] | None = None, shared: bool = False) -> Any:
        """Field ``key`` of hash ``name``; on a miss ``generator()`` is called and its result stored."""
        full, field = self.make_key(name, shared=shared), to_str(key)
        layer = self._layer()
        if layer is not None:
            known = layer.field(full, field)
            if known is not MISSING:
                return known
        value = self.store.hget(full, field)
        if value is None and generator is not None:
            value = generator()
            self.hset(name, key, value, shared=shared)
        elif value is not None and layer is not None:
            layer.remember_field(full, field, value)
        return value

    def hdel(self, name: Any, keys: Any, shared: bool = False) -> None:
        """Delete one field or a list of fields of hash ``name``."""
        full, fields = self.make_key(name, shared=shared), [to_str(k) for k in _as_list(keys)]
        layer = self._layer()
        if layer is not None:
            layer.forget_fields(full, fields)
        self.store.hdel(full, fields)

    def hgetall(self, name: Any, shared: bool = False) -> dict[str, Any]:
        """Every field of hash ``name`` as a dict (``{}`` when it does not exist)."""
        return self.store.hgetall(self.make_key(name, shared=shared))

    def hkeys(self, name: Any, shared: bool = False) -> list[str]:
        """The field names of hash ``name``."""
        return self.store.hkeys(self.make_key(name, shared=shared))

    def hexists(self, name: Any, key: Any, shared: bool = False) -> bool:
        """Whether hash ``name`` has field ``key``."""
        return self.store.hexists(self.make_key(name, shared=shared), to_str(key))

    # -- Frappe spellings and short names

    def get(
        self, key: Any, generator: Callable[[], Any] | None = None, user: Any = None, expires: bool = False, shared: bool = False
    ) -> Any:
        """Alias of :meth:`get_value`."""
        return self.get_value(key, generator=generator, user=user, expires=expires, shared=shared)

    def set(self, key: Any, val: Any, user: Any = None, expires_in_sec: float | timedelta | None = None, shared: bool = False) -> None:
        """Alias of :meth:`set_value`."""
        self.set_value(key, val, user=user, expires_in_sec=expires_in_sec, shared=shared)

    def delete(self, keys: Any, user: Any = None, shared: bool = False) -> None:
        """Alias of :meth:`delete_value`."""
        self.delete_value(keys, user=user, shared=shared)

    delete_key = delete
