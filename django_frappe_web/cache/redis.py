"""The Redis strategy: real Redis commands through django-redis.

Plain values are Redis strings, hashes are Redis hashes, ``delete_keys`` walks the keyspace with
``SCAN`` and unlinks in batches (never ``KEYS``); ``IGNORE_EXCEPTIONS`` is honoured as django-redis
honours it. Details in docs/caching.md.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from .base import BaseCacheStrategy, to_str

try:  # django-redis is a dependency, but keep the fallback importable without it.
    from django_redis.cache import RedisCache as _DjangoRedisCache
    from django_redis.exceptions import ConnectionInterrupted as _ConnectionInterrupted
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import ResponseError as _RedisResponseError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    # The errors django-redis itself turns into ConnectionInterrupted.
    _REDIS_ERRORS: tuple[type[BaseException], ...] = (
        _RedisConnectionError,
        _RedisTimeoutError,
        _RedisResponseError,
        socket.timeout,
    )
except ImportError:  # pragma: no cover - django-redis is installed with the package
    _DjangoRedisCache = None
    _ConnectionInterrupted = None
    _RedisResponseError = None
    _REDIS_ERRORS = ()

__all__ = ["RedisCacheStrategy", "redis_glob_escape"]

# Named, not __name__: the logger users configure predates the package split.
logger = logging.getLogger("django_frappe_web.cache")

_REDIS_GLOB_SPECIAL = re.compile(r"([\\*?\[\]])")


def redis_glob_escape(value: str) -> str:
    """Escape ``value`` so that a Redis ``MATCH`` pattern matches it literally."""
    return _REDIS_GLOB_SPECIAL.sub(r"\\\1", value)


class RedisCacheStrategy(BaseCacheStrategy):
    """Real Redis commands through django-redis' client (default, herd, sentinel or sharded).

    Plain values go through the django-redis client (``get``/``set``/``delete_many``/``has_key``)
    so its serializer, compressor, replicas and herd packing apply; hashes and ``SCAN`` use the
    raw redis-py connection with the same key function and ``client.encode``/``client.decode``.
    """

    native_hashes = True
    scan_count = 1000
    delete_batch = 500

    @classmethod
    def supports(cls, backend: Any) -> bool:
        """django-redis' ``RedisCache`` only: the strategy needs its client and raw connections."""
        return _DjangoRedisCache is not None and isinstance(backend, _DjangoRedisCache)

    # -- plumbing

    @property
    def client(self) -> Any:
        return self.backend.client

    def ignore_exceptions(self) -> bool:
        """django-redis' own rule: ``OPTIONS["IGNORE_EXCEPTIONS"]``, else the global setting."""
        options = (settings.CACHES.get(self.alias) or {}).get("OPTIONS") or {}
        return bool(options.get("IGNORE_EXCEPTIONS", getattr(settings, "DJANGO_REDIS_IGNORE_EXCEPTIONS", False)))

    def _run(self, operation: str, default: Any, func: Callable[[], Any]) -> Any:
        try:
            return func()
        except _ConnectionInterrupted as exc:
            error: BaseException = exc.__cause__ or exc
        except _REDIS_ERRORS as exc:
            error = exc
        if not self.ignore_exceptions():
            raise error
        logger.warning("frappe.cache %s on cache %r failed, ignored (IGNORE_EXCEPTIONS): %s", operation, self.alias, error)
        return default

    def _connection(self, client: Any, raw_key: str, write: bool) -> Any:
        if hasattr(client, "get_server"):  # django_redis.client.ShardClient
            return client.get_server(raw_key)
        return client.get_client(write=write)

    def _all_connections(self, client: Any) -> list[Any]:
        servers = getattr(client, "_serverdict", None)  # ShardClient
        if servers is not None:
            return list(servers.values())
        return [client.get_client(write=True)]

    def raw_key(self, key: str) -> str:
        """The key as stored in Redis (``KEY_PREFIX:VERSION:key`` with Django's default key function)."""
        return str(self.client.make_key(key))

    # -- values

    def get(self, key: str) -> Any:
        return self._run("get_value", None, lambda: self.client.get(key))

    def set(self, key: str, value: Any, timeout: float | None) -> None:
        self._run("set_value", None, lambda: self.client.set(key, value, timeout=timeout))

    def delete_many(self, keys: list[str]) -> None:
        if keys:
            self._run("delete_value", None, lambda: self.client.delete_many(keys))

    def exists(self, key: str) -> bool:
        return bool(self._run("exists", False, lambda: self.client.has_key(key)))

    def _scan(self, conn: Any, pattern: str) -> Iterable[bytes]:
        return conn.scan_iter(match=pattern, count=self.scan_count)

    def _pattern(self, client: Any, prefix: str) -> str:
        # Assumes the key function keeps the key as the suffix of the stored key, as Django's
        # default "<KEY_PREFIX>:<VERSION>:<key>" does (django-redis' delete_pattern assumes the same).
        return redis_glob_escape(str(client.make_key(prefix))) + "*"

    def keys_with_prefix(self, prefix: str) -> list[str]:
        def op() -> list[str]:
            client = self.client
            pattern = self._pattern(client, prefix)
            found: list[str] = []
            for conn in self._all_connections(client):
                for raw in self._scan(conn, pattern):
                    found.append(client.reverse_key(to_str(raw)))
            return sorted(set(found))

        return self._run("get_keys", [], op)

    def delete_prefix(self, prefix: str) -> int:
        def op() -> int:
            client = self.client
            pattern = self._pattern(client, prefix)
            deleted = 0
            for conn in self._all_connections(client):
                batch: list[bytes] = []
                for raw in self._scan(conn, pattern):
                    batch.append(raw)
                    if len(batch) >= self.delete_batch:
                        deleted += self._unlink(conn, batch)
                        batch = []
                if batch:
                    deleted += self._unlink(conn, batch)
            return deleted

        return self._run("delete_keys", 0, op)

    @staticmethod
    def _unlink(conn: Any, keys: list[bytes]) -> int:
        try:
            return int(conn.unlink(*keys))
        except _RedisResponseError as exc:  # Redis < 4 has no UNLINK
            if "unknown command" not in str(exc).lower():
                raise
            return int(conn.delete(*keys))

    # -- hashes

    def _hash_call(self, operation: str, default: Any, name: str, write: bool, func: Callable[[Any, Any, str], Any]) -> Any:
        def op() -> Any:
            client = self.client
            raw = self.raw_key(name)
            return func(client, self._connection(client, raw, write), raw)

        return self._run(operation, default, op)

    def hset(self, name: str, mapping: dict[str, Any]) -> None:
        self._hash_call(
            "hset",
            None,
            name,
            True,
            lambda client, conn, raw: conn.hset(raw, mapping={f: client.encode(v) for f, v in mapping.items()}),
        )

    def hget(self, name: str, field: str) -> Any:
        def op(client: Any, conn: Any, raw: str) -> Any:
            value = conn.hget(raw, field)
            return None if value is None else client.decode(value)

        return self._hash_call("hget", None, name, False, op)

    def hdel(self, name: str, fields: list[str]) -> int:
        if not fields:
            return 0
        return int(self._hash_call("hdel", 0, name, True, lambda client, conn, raw: conn.hdel(raw, *fields)))

    def hgetall(self, name: str) -> dict[str, Any]:
        def op(client: Any, conn: Any, raw: str) -> dict[str, Any]:
            return {to_str(k): client.decode(v) for k, v in conn.hgetall(raw).items()}

        return self._hash_call("hgetall", {}, name, False, op)

    def hkeys(self, name: str) -> list[str]:
        return self._hash_call("hkeys", [], name, False, lambda client, conn, raw: [to_str(k) for k in conn.hkeys(raw)])

    def hexists(self, name: str, field: str) -> bool:
        return bool(self._hash_call("hexists", False, name, False, lambda client, conn, raw: conn.hexists(raw, field)))

