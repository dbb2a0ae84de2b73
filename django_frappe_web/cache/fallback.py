"""The fallback strategy: ``frappe.cache`` on any Django cache backend.

Hashes are one entry holding a dict, ``delete_keys`` reads a key index kept in the same cache;
the documented differences from Redis are in docs/caching.md.
"""

from __future__ import annotations

import hashlib
import threading
import time
import zlib
from typing import Any

from .base import MISSING, BaseCacheStrategy

__all__ = ["FallbackCacheStrategy"]


class _Hash(dict):
    """A fallback hash: a dict stored as one cache entry (a subclass, so it is told apart from a plain dict value)."""

    __slots__ = ()


class FallbackCacheStrategy(BaseCacheStrategy):
    """Any Django cache backend; hashes and ``delete_keys`` emulated (docs/caching.md says how and what differs)."""

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

