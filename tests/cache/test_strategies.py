"""Choosing the storage strategy: by backend, or by ``FRAPPE_WEB["CACHE_STRATEGY"]``."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from django_frappe_web.cache import BaseCacheStrategy, FallbackCacheStrategy, RedisCacheStrategy, get_cache
from django_frappe_web.cache.strategies import strategy_class
from django_frappe_web.checks import check_settings

from .support import ALIAS, BACKENDS, frappe_cache_on


@pytest.mark.parametrize("kind", BACKENDS)
def test_store_strategy_matches_backend(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path) as cache:
        expected = RedisCacheStrategy if kind == "redis" else FallbackCacheStrategy
        assert isinstance(cache.store, expected)
        assert cache.is_redis is (kind == "redis")


class CountingStrategy(FallbackCacheStrategy):
    """A strategy of the project's own, named by a dotted path."""

    reads = 0

    def get(self, key):
        CountingStrategy.reads += 1
        return super().get(key)


def choose(strategy, **more):
    """``FRAPPE_WEB`` of the current test cache plus ``CACHE_STRATEGY``."""
    return override_settings(FRAPPE_WEB={**settings.FRAPPE_WEB, "CACHE_STRATEGY": strategy, **more})


@pytest.mark.parametrize("kind", BACKENDS)
def test_cache_strategy_setting_chooses_the_strategy(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path), choose("tests.cache.test_strategies.CountingStrategy"):
        cache = get_cache()
        assert type(cache.store) is CountingStrategy
        assert not cache.is_redis
        before = CountingStrategy.reads
        cache.set_value("chosen", {"a": 1})
        assert cache.get_value("chosen") == {"a": 1}
        assert CountingStrategy.reads == before + 1
        cache.hset("chosen-h", "f", 1)
        assert caches[ALIAS].get(cache.make_key("chosen-h")) == {"f": 1}  # the fallback's one-entry hash
        assert cache.delete_keys("chosen") == 2


def test_cache_strategy_setting_accepts_a_class_and_follows_the_setting(tmp_path):
    with frappe_cache_on("locmem", tmp_path) as automatic:
        assert type(automatic.store) is FallbackCacheStrategy
        with choose(CountingStrategy):
            assert type(get_cache().store) is CountingStrategy
        assert type(get_cache().store) is FallbackCacheStrategy  # rebuilt when the setting goes


def test_automatic_choice_asks_each_strategy(tmp_path):
    with frappe_cache_on("locmem", tmp_path) as cache:
        assert not RedisCacheStrategy.supports(cache.backend)
        assert FallbackCacheStrategy.supports(cache.backend)
        assert BaseCacheStrategy.supports(cache.backend)
        assert strategy_class(cache.backend) is FallbackCacheStrategy


@pytest.mark.parametrize(
    "strategy, words",
    [
        ("no.such.Strategy", "no.such.Strategy"),
        ("django_frappe_web.cache.FrappeCache", "not a BaseCacheStrategy subclass"),
        ("django_frappe_web.cache.RedisCacheStrategy", "does not support the backend"),
    ],
    ids=["missing", "not-a-strategy", "unsupported-backend"],
)
def test_check_reports_a_bad_cache_strategy(strategy, words, tmp_path):
    with frappe_cache_on("locmem", tmp_path), choose(strategy), override_settings(DEBUG=True):
        messages = [m for m in check_settings() if m.id == "django_frappe_web.E008"]
    assert len(messages) == 1
    assert words in messages[0].msg
    assert "BaseCacheStrategy" in messages[0].hint


def test_check_accepts_a_good_cache_strategy(tmp_path):
    with frappe_cache_on("locmem", tmp_path), choose("tests.cache.test_strategies.CountingStrategy"):
        assert "django_frappe_web.E008" not in [m.id for m in check_settings()]
    with frappe_cache_on("locmem", tmp_path), choose(None):
        assert "django_frappe_web.E008" not in [m.id for m in check_settings()]
