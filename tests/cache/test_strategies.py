"""Choosing the storage strategy: by backend, or by ``FRAPPE_WEB["CACHE_STRATEGY"]``."""

from __future__ import annotations

import pytest

from django_frappe_web.cache import FallbackCacheStrategy, RedisCacheStrategy

from .support import BACKENDS, frappe_cache_on


@pytest.mark.parametrize("kind", BACKENDS)
def test_store_strategy_matches_backend(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path) as cache:
        expected = RedisCacheStrategy if kind == "redis" else FallbackCacheStrategy
        assert isinstance(cache.store, expected)
        assert cache.is_redis is (kind == "redis")
