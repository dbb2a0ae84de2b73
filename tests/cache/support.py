"""Caches of every kind for the ``frappe.cache`` tests (and the caching decorators' tests).

Every behaviour test runs on local memory and the file cache (the documented fallback), and on
django-redis when ``REDIS_URL`` points at a live Redis (e.g. ``redis://127.0.0.1:6379/15``).
The outage tests need only django-redis and a closed port, so they always run.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from django_frappe_web.cache import FrappeCache, get_cache

REDIS_URL = os.environ.get("REDIS_URL")
NO_REDIS = "REDIS_URL is not set: no live Redis to test django-redis against (e.g. REDIS_URL=redis://127.0.0.1:6379/15)"
ALIAS = "frappe_cache_tests"
DOWN_URL = "redis://127.0.0.1:6390/0"  # nothing listens there (checked by port_is_closed)

BACKENDS = ["locmem", "file", "redis"]


def backend_config(kind: str, tmp_path) -> dict:
    """A Django CACHES entry of ``kind``; default TIMEOUT 1s so "no expiry" is really checked."""
    if kind == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"fc-{uuid.uuid4().hex}", "TIMEOUT": 1}
    if kind == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "filecache"), "TIMEOUT": 1}
    if kind == "redis":
        if not REDIS_URL:
            pytest.skip(NO_REDIS)
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "frappe-cache-tests",  # not "frappe-tests": other suites may wipe that prefix
            "TIMEOUT": 1,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    raise ValueError(kind)


@contextlib.contextmanager
def frappe_cache_on(kind: str, tmp_path, namespace: str | None = None) -> Iterator[FrappeCache]:
    """``get_cache()`` on a fresh cache alias of ``kind`` with a unique key namespace; cleans up after."""
    namespace = namespace or f"t-{uuid.uuid4().hex[:12]}"
    cache_settings = {"default": settings.CACHES["default"], ALIAS: backend_config(kind, tmp_path)}
    with override_settings(CACHES=cache_settings, FRAPPE_WEB={"CACHE_ALIAS": ALIAS, "CACHE_KEY_PREFIX": namespace}):
        cache = get_cache()
        try:
            yield cache
        finally:
            cache.delete_keys("")
            if kind == "redis":
                from django_redis import get_redis_connection

                leftovers = list(get_redis_connection(ALIAS).scan_iter(match=f"*{namespace}*", count=1000))
                get_redis_connection(ALIAS).delete(*leftovers) if leftovers else None
                assert not leftovers, f"keys left behind: {leftovers[:5]}"
            caches[ALIAS].close()


def redis_conn():
    from django_redis import get_redis_connection

    return get_redis_connection(ALIAS)
