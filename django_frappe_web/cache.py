"""``frappe.cache``: Frappe's ``RedisWrapper`` API over a Django cache.

``get_cache()`` returns the process-wide :class:`FrappeCache` for
``FRAPPE_WEB["CACHE_ALIAS"]`` (rebuilt when ``FRAPPE_WEB`` or ``CACHES`` change).
It speaks Frappe's vocabulary::

    cache = frappe.cache
    cache.set_value("greeting", {"text": "hi"}, expires_in_sec=60)
    cache.get_value("greeting")
    cache.get_value("expensive", generator=compute)      # computed once, then stored
    cache.set_value("last_seen", now(), user=True)       # key "user:<session user>:last_seen"
    cache.delete_keys("greeting")                        # every key starting with "greeting"
    cache.hset("doctype_meta", "Article", meta)          # hashes: hset/hget/hdel/hgetall/hkeys

Keys
    ``make_key(key, user=None, shared=False)`` builds Frappe's key:
    ``"<CACHE_KEY_PREFIX>|user:<user>:<key>"`` (the user part only with ``user``; ``user=True``
    is the current session user). ``shared=True`` skips the prefix and the user, like Frappe's
    ``shared`` keys. That key is then handed to the Django cache, which adds its own
    ``KEY_PREFIX``/``VERSION`` (``cache.make_key``).

Values
    Any picklable object (through the backend's serializer). ``None`` cannot be told apart from
    a missing key, as in Frappe.

Storage strategies (chosen from the backend class of the alias)
    * :class:`RedisStore` for ``django_redis.cache.RedisCache``: plain values are Redis strings,
      hashes are real Redis hashes (``HSET``/``HGET``/``HDEL``/``HGETALL``/``HKEYS`` on one key,
      values encoded with the django-redis serializer and compressor), ``delete_keys`` walks the
      keyspace with ``SCAN`` (``count=1000``) and unlinks matches in batches of 500: it never
      uses ``KEYS`` and never blocks Redis. With ``OPTIONS["IGNORE_EXCEPTIONS"]`` (or the global
      ``DJANGO_REDIS_IGNORE_EXCEPTIONS``) every method survives a Redis outage: reads return
      ``None`` / the generator's result / ``{}`` / ``[]``, writes do nothing, and the error is
      logged at WARNING on the ``django_frappe_web.cache`` logger. Without it the redis-py error
      propagates, as django-redis does.
    * :class:`DjangoCacheStore` for every other backend (locmem, database, file, memcached, and
      Django's own ``django.core.cache.backends.redis.RedisCache``): see :data:`FALLBACK_NOTES`.

Per-request layer
    Like Frappe's ``frappe.local.cache``, values read or written during a request are kept in
    ``frappe.local.request_cache`` so repeated reads cost nothing. ``set_value``, ``delete_value``,
    ``delete_keys``, ``hset`` and ``hdel`` update or drop those entries at once; the layer dies
    with the request. It is only used inside a request (``frappe.local.request`` set) or a context
    marked ``frappe.local.initialised``, never in the implicit context of a worker or shell, so
    long-running processes never read stale values from it. ``expires=True`` (and any value
    written with ``expires_in_sec``) bypasses the layer. Objects from the layer are the same
    objects on every read: copy before mutating, as in Frappe.
"""

from __future__ import annotations

import hashlib
import logging
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed

from .local import get_local, get_session_user
from .settings import SETTINGS_NAME, web_settings
from .utils import ProcessSingleton

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

logger = logging.getLogger("django_frappe_web.cache")

__all__ = [
    "FALLBACK_NOTES",
    "BaseStore",
    "DjangoCacheStore",
    "FrappeCache",
    "RedisStore",
    "get_cache",
]

FALLBACK_NOTES = """\
On cache backends other than django-redis, frappe.cache behaves the same for the same calls,
with these documented differences. A hash (hset/hget/hdel/hgetall/hkeys) is stored as ONE
cache entry holding a dict of its fields, and every write is a read-modify-write of that
entry: it is atomic between threads of one process (a lock) but NOT across processes, so two
workers writing fields of the same hash at the same moment can lose one of the writes.
delete_keys(prefix) finds keys through a key index that frappe.cache keeps in the same cache
(32 bucket entries named "django_frappe_web:key-index:<n>", also read-modify-write): it
removes every key written through frappe.cache (set_value, hset, the generators of
get_value/hget, @redis_cache) whose name starts with the prefix, but it cannot see keys
written directly with Django's cache API, index updates lost to a cross-process race, or
index buckets the backend evicted under memory pressure (e.g. LocMemCache MAX_ENTRIES
culling); values that expired simply drop out of the index. Keys a backend cannot store
(memcached: spaces, control characters, over 200 characters) are stored under a SHA-256 of
the key, transparently. Use django-redis in production when several processes share the
cache and you rely on hashes or delete_keys.
"""

MISSING = object()


# --------------------------------------------------------------------------- helpers


def _to_str(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode()
    return value if isinstance(value, str) else str(value)


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
    return _to_str(user)


_REDIS_GLOB_SPECIAL = re.compile(r"([\\*?\[\]])")


def redis_glob_escape(value: str) -> str:
    """Escape ``value`` so that a Redis ``MATCH`` pattern matches it literally."""
    return _REDIS_GLOB_SPECIAL.sub(r"\\\1", value)


# --------------------------------------------------------------------------- stores


class BaseStore:
    """What :class:`FrappeCache` needs from a storage strategy.

    Keys here are Frappe keys (already namespaced by :meth:`FrappeCache.make_key`), before the
    Django backend's own ``KEY_PREFIX``/``VERSION``. Misses read ``None``.
    """

    #: True when hashes are native (atomic, one server-side structure).
    native_hashes: bool = False

    def __init__(self, alias: str):
        self.alias = alias

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


class RedisStore(BaseStore):
    """Real Redis commands through django-redis' client (default, herd, sentinel or sharded).

    Plain values go through the django-redis client (``get``/``set``/``delete_many``/``has_key``)
    so its serializer, compressor, replicas and herd packing apply; hashes and ``SCAN`` use the
    raw redis-py connection with the same key function and ``client.encode``/``client.decode``.
    """

    native_hashes = True
    scan_count = 1000
    delete_batch = 500

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
                    found.append(client.reverse_key(_to_str(raw)))
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
            return {_to_str(k): client.decode(v) for k, v in conn.hgetall(raw).items()}

        return self._hash_call("hgetall", {}, name, False, op)

    def hkeys(self, name: str) -> list[str]:
        return self._hash_call("hkeys", [], name, False, lambda client, conn, raw: [_to_str(k) for k in conn.hkeys(raw)])

    def hexists(self, name: str, field: str) -> bool:
        return bool(self._hash_call("hexists", False, name, False, lambda client, conn, raw: conn.hexists(raw, field)))


class _Hash(dict):
    """A fallback hash: a dict stored as one cache entry (a subclass, so it is told apart from a plain dict value)."""

    __slots__ = ()


class DjangoCacheStore(BaseStore):
    """Any Django cache backend; hashes and ``delete_keys`` emulated as described in :data:`FALLBACK_NOTES`."""

    native_hashes = False
    index_key_format = "django_frappe_web:key-index:{}"
    index_buckets = 32
    max_plain_key_length = 200

    # One lock for every instance in the process (several FrappeCache objects may share an alias).
    _lock = threading.RLock()

    # -- keys

    def storage_key(self, key: str) -> str:
        """The key handed to the backend: ``key`` itself, or a digest when memcached could not store it."""
        if len(key) <= self.max_plain_key_length and not any(ord(c) < 33 or ord(c) == 127 for c in key):
            return key
        return "django_frappe_web:sha256:" + hashlib.sha256(key.encode()).hexdigest()

    def _bucket_key(self, key: str) -> str:
        return self.index_key_format.format(zlib.crc32(key.encode()) % self.index_buckets)

    def _all_bucket_keys(self) -> list[str]:
        return [self.index_key_format.format(n) for n in range(self.index_buckets)]

    @staticmethod
    def _live(index: dict[str, float | None], now: float) -> dict[str, float | None]:
        return {k: until for k, until in index.items() if until is None or until > now}

    def _index_add(self, key: str, timeout: float | None) -> None:
        """Record ``key`` in its index bucket; expiring keys are recorded with a generous deadline."""
        now = time.time()
        bucket = self._bucket_key(key)
        with self._lock:
            index = self.backend.get(bucket) or {}
            recorded = index.get(key, MISSING)
            if recorded is not MISSING and (recorded is None or (timeout is not None and now + timeout <= recorded)):
                return  # already covered: rewrite a bucket at most once per TTL for each key
            index = self._live(index, now)
            index[key] = None if timeout is None else now + 2 * timeout
            self.backend.set(bucket, index, timeout=None)

    def _index_remove(self, keys: list[str]) -> None:
        by_bucket: dict[str, set[str]] = {}
        for key in keys:
            by_bucket.setdefault(self._bucket_key(key), set()).add(key)
        now = time.time()
        with self._lock:
            for bucket, doomed in by_bucket.items():
                index = self.backend.get(bucket) or {}
                if doomed & index.keys():
                    self.backend.set(bucket, {k: v for k, v in self._live(index, now).items() if k not in doomed}, timeout=None)

    def _indexed_with_prefix(self, prefix: str) -> dict[str, dict[str, float | None]]:
        """``{bucket key: {key: deadline}}`` for the live keys starting with ``prefix``."""
        now = time.time()
        found: dict[str, dict[str, float | None]] = {}
        for bucket, index in self.backend.get_many(self._all_bucket_keys()).items():
            hits = {k: v for k, v in index.items() if k.startswith(prefix) and (v is None or v > now)}
            if hits:
                found[bucket] = hits
        return found

    # -- values

    def get(self, key: str) -> Any:
        return self.backend.get(self.storage_key(key))

    def set(self, key: str, value: Any, timeout: float | None) -> None:
        if timeout is None or timeout > 0:
            self._index_add(key, timeout)  # index first: a crash in between leaves a harmless extra entry
        self.backend.set(self.storage_key(key), value, timeout=timeout)

    def delete_many(self, keys: list[str]) -> None:
        if keys:
            self.backend.delete_many([self.storage_key(k) for k in keys])
            self._index_remove(keys)

    def exists(self, key: str) -> bool:
        return bool(self.backend.has_key(self.storage_key(key)))

    def keys_with_prefix(self, prefix: str) -> list[str]:
        candidates = sorted(k for hits in self._indexed_with_prefix(prefix).values() for k in hits)
        present: list[str] = []
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            stored = self.backend.get_many([self.storage_key(k) for k in chunk])
            present.extend(k for k in chunk if self.storage_key(k) in stored)
        return present

    def delete_prefix(self, prefix: str) -> int:
        with self._lock:
            found = self._indexed_with_prefix(prefix)
            doomed = [k for hits in found.values() for k in hits]
            if doomed:
                self.backend.delete_many([self.storage_key(k) for k in doomed])
            now = time.time()
            for bucket in found:
                index = self.backend.get(bucket) or {}
                self.backend.set(bucket, {k: v for k, v in self._live(index, now).items() if not k.startswith(prefix)}, timeout=None)
        return len(doomed)

    # -- hashes: one entry holding a dict, read-modify-write under a process lock

    def _read_hash(self, name: str) -> _Hash:
        value = self.backend.get(self.storage_key(name))
        if value is None:
            return _Hash()
        if not isinstance(value, _Hash):
            raise TypeError(f"frappe.cache key {name!r} holds a plain value, not a hash")
        return value

    def hset(self, name: str, mapping: dict[str, Any]) -> None:
        with self._lock:
            current = self._read_hash(name)
            current.update(mapping)
            self.set(name, current, None)

    def hget(self, name: str, field: str) -> Any:
        return self._read_hash(name).get(field)

    def hdel(self, name: str, fields: list[str]) -> int:
        with self._lock:
            current = self._read_hash(name)
            removed = sum(1 for f in set(fields) if current.pop(f, MISSING) is not MISSING)
            if removed:
                if current:
                    self.set(name, current, None)
                else:  # Redis drops an empty hash
                    self.delete_many([name])
            return removed

    def hgetall(self, name: str) -> dict[str, Any]:
        return dict(self._read_hash(name))

    def hkeys(self, name: str) -> list[str]:
        return list(self._read_hash(name))

    def hexists(self, name: str, field: str) -> bool:
        return field in self._read_hash(name)


def store_for(alias: str) -> BaseStore:
    """The storage strategy for the Django cache ``alias``."""
    backend = caches[alias]
    if _DjangoRedisCache is not None and isinstance(backend, _DjangoRedisCache):
        return RedisStore(alias)
    return DjangoCacheStore(alias)


# --------------------------------------------------------------------------- the API


class FrappeCache:
    """Frappe's ``frappe.cache`` over the Django cache ``alias`` (default ``FRAPPE_WEB["CACHE_ALIAS"]``).

    :param alias: a key of ``settings.CACHES``.
    :param namespace: prefix of every non-shared key (default ``FRAPPE_WEB["CACHE_KEY_PREFIX"]``);
        it plays the role of Frappe's site ``db_name``.
    """

    def __init__(self, alias: str | None = None, namespace: str | None = None):
        self.alias: str = alias if alias is not None else web_settings.CACHE_ALIAS
        self.namespace: str = namespace if namespace is not None else (web_settings.CACHE_KEY_PREFIX or "")
        self._store: BaseStore | None = None
        self._layer_token = object()  # this instance's slot in frappe.local.request_cache

    def __repr__(self) -> str:
        return f"<FrappeCache alias={self.alias!r} namespace={self.namespace!r} store={type(self.store).__name__}>"

    def __call__(self) -> FrappeCache:
        """``frappe.cache()`` (Frappe < 15 spelling) returns the cache itself."""
        return self

    @property
    def store(self) -> BaseStore:
        if self._store is None:
            self._store = store_for(self.alias)
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
        key = _to_str(key)
        if shared:
            return key
        if user:
            key = f"user:{_user_name(user)}:{key}"
        return f"{self.namespace}|{key}" if self.namespace else key

    def _strip_namespace(self, full_key: str) -> str:
        marker = f"{self.namespace}|" if self.namespace else ""
        return full_key[len(marker) :] if marker and full_key.startswith(marker) else full_key

    # -- the per-request layer

    def _layer(self) -> dict[str, dict] | None:
        local = get_local()
        if local.request is None and not local.initialised:
            return None
        return local.request_cache.setdefault(self._layer_token, {"values": {}, "hashes": {}})

    def _forget(self, layer: dict[str, dict] | None, full_keys: Iterable[str]) -> None:
        if layer is not None:
            for full in full_keys:
                layer["values"].pop(full, None)
                layer["hashes"].pop(full, None)

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
        if layer is not None and not expires and full in layer["values"]:
            return layer["values"][full]
        value = self.store.get(full)
        if value is None and generator is not None:
            value = generator()
            self._write(full, value, None, layer, keep_local=not expires)
        elif value is not None and layer is not None and not expires:
            layer["values"][full] = value
        return value

    def set_value(
        self, key: Any, val: Any, user: Any = None, expires_in_sec: float | timedelta | None = None, shared: bool = False
    ) -> None:
        """Store ``val``; ``expires_in_sec`` (seconds or a ``timedelta``) or ``None`` for no expiry."""
        full = self.make_key(key, user, shared)
        timeout = _timeout(expires_in_sec)
        self._write(full, val, timeout, self._layer(), keep_local=timeout is None)

    def _write(self, full: str, value: Any, timeout: float | None, layer: dict[str, dict] | None, keep_local: bool) -> None:
        if layer is not None:
            if keep_local and value is not None:
                layer["values"][full] = value
            else:
                layer["values"].pop(full, None)
        self.store.set(full, value, timeout)

    def delete_value(self, keys: Any, user: Any = None, shared: bool = False) -> None:
        """Delete one key or a list of keys (hashes included)."""
        full_keys = [self.make_key(k, user, shared) for k in _as_list(keys)]
        self._forget(self._layer(), full_keys)
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
            self._forget(layer, [k for part in ("values", "hashes") for k in layer[part] if k.startswith(full)])
        return self.store.delete_prefix(full)

    # -- hashes

    def hset(self, name: Any, key: Any, value: Any, shared: bool = False) -> None:
        """Set field ``key`` of hash ``name`` (field names are strings)."""
        full, field = self.make_key(name, shared=shared), _to_str(key)
        layer = self._layer()
        if layer is not None:
            layer["hashes"].setdefault(full, {})[field] = value
        self.store.hset(full, {field: value})

    def hget(self, name: Any, key: Any, generator: Callable[[], Any] | None = None, shared: bool = False) -> Any:
        """Field ``key`` of hash ``name``; on a miss ``generator()`` is called and its result stored."""
        full, field = self.make_key(name, shared=shared), _to_str(key)
        layer = self._layer()
        if layer is not None:
            fields = layer["hashes"].get(full)
            if fields is not None and field in fields:
                return fields[field]
        value = self.store.hget(full, field)
        if value is None and generator is not None:
            value = generator()
            self.hset(name, key, value, shared=shared)
        elif value is not None and layer is not None:
            layer["hashes"].setdefault(full, {})[field] = value
        return value

    def hdel(self, name: Any, keys: Any, shared: bool = False) -> None:
        """Delete one field or a list of fields of hash ``name``."""
        full, fields = self.make_key(name, shared=shared), [_to_str(k) for k in _as_list(keys)]
        layer = self._layer()
        if layer is not None and full in layer["hashes"]:
            for field in fields:
                layer["hashes"][full].pop(field, None)
        self.store.hdel(full, fields)

    def hgetall(self, name: Any, shared: bool = False) -> dict[str, Any]:
        """Every field of hash ``name`` as a dict (``{}`` when it does not exist)."""
        return self.store.hgetall(self.make_key(name, shared=shared))

    def hkeys(self, name: Any, shared: bool = False) -> list[str]:
        """The field names of hash ``name``."""
        return self.store.hkeys(self.make_key(name, shared=shared))

    def hexists(self, name: Any, key: Any, shared: bool = False) -> bool:
        """Whether hash ``name`` has field ``key``."""
        return self.store.hexists(self.make_key(name, shared=shared), _to_str(key))

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


# --------------------------------------------------------------------------- process-wide instance

_instance: ProcessSingleton[FrappeCache] = ProcessSingleton(lambda: FrappeCache())


def get_cache() -> FrappeCache:
    """The process-wide :class:`FrappeCache` (``frappe.cache``) for ``FRAPPE_WEB["CACHE_ALIAS"]``."""
    return _instance.get()


def reset_cache(*args: Any, setting: str | None = None, **kwargs: Any) -> None:
    """Drop the process-wide instance (rebuilt lazily); connected to ``setting_changed``."""
    if setting is None or setting in {SETTINGS_NAME, "CACHES", "DJANGO_REDIS_IGNORE_EXCEPTIONS"}:
        _instance.reset()


setting_changed.connect(reset_cache)
