"""A shared cache that can go down and come back with its data, as django-redis sees a Redis server.

``OutageCache`` is local memory; while ``OutageCache.down`` is set it answers as django-redis
does with the server unreachable: with ``OPTIONS["IGNORE_EXCEPTIONS"]`` reads miss and writes
answer ``None``, without it every call raises redis's ``ConnectionError``. The entries survive
the outage (a Redis persisted to disk). ``outage_cache()`` makes it the package's cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError


class OutageCache(LocMemCache):
    down = False  # one flag for every instance: they stand for one server

    def __init__(self, name, params):
        super().__init__(name, params)
        self.ignore_exceptions = bool(params.get("OPTIONS", {}).get("IGNORE_EXCEPTIONS"))

    def _unreachable(self, answer=None):
        if self.ignore_exceptions:
            return answer
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _guard(name: str, answer_default: bool = False):
    base = getattr(LocMemCache, name)

    def method(self, *args, **kwargs):
        if OutageCache.down:
            default = kwargs.get("default", args[1] if len(args) > 1 else None) if answer_default else None
            return self._unreachable(default)
        return base(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in ("add", "set", "touch", "delete", "has_key", "incr", "clear", "set_many", "delete_many"):
    setattr(OutageCache, _name, _guard(_name))
OutageCache.get = _guard("get", answer_default=True)
OutageCache.get_many = lambda self, keys, version=None: (
    self._unreachable({}) if OutageCache.down else LocMemCache.get_many(self, keys, version=version))


@contextmanager
def outage_cache(ignore_exceptions: bool, **frappe_web) -> Iterator[OutageCache]:
    """The package's cache (``FRAPPE_WEB["CACHE_ALIAS"]``) is an empty ``OutageCache`` for the block."""
    aliases = {**settings.CACHES, "outage": {"BACKEND": "tests.cache_outage.OutageCache", "LOCATION": "outage",
                                             "OPTIONS": {"IGNORE_EXCEPTIONS": ignore_exceptions}}}
    OutageCache.down = False
    with override_settings(CACHES=aliases, FRAPPE_WEB={"CACHE_ALIAS": "outage", **frappe_web}):
        cache = caches["outage"]
        cache.clear()
        try:
            yield cache
        finally:
            OutageCache.down = False
            cache.clear()
