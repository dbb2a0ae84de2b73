"""The fallback strategy: what it stores and its documented limits."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches

from .support import ALIAS, frappe_cache_on


@pytest.mark.parametrize("kind", ["locmem", "file"])
def test_fallback_hash_is_one_entry_holding_a_dict(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path) as cache:
        cache.hset("h", "a", 1)
        cache.hset("h", "b", 2)
        entry = caches[ALIAS].get(cache.make_key("h"))
        assert isinstance(entry, dict) and dict(entry) == {"a": 1, "b": 2}
        cache.set_value("plain", {"a": 1})
        with pytest.raises(TypeError):
            cache.hget("plain", "a")  # a plain dict value is not a hash (Redis: WRONGTYPE)


@pytest.mark.parametrize("kind", ["locmem", "file"])
def test_fallback_delete_keys_cannot_see_keys_written_directly(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path) as cache:
        backend = caches[ALIAS]
        cache.set_value("p:via-frappe", 1)
        backend.set(cache.make_key("p:direct"), 2, None)
        cache.delete_keys("p:")
        assert cache.get_value("p:via-frappe") is None
        assert cache.get_value("p:direct") == 2  # the documented limitation
        backend.delete(cache.make_key("p:direct"))


@pytest.mark.parametrize("kind", ["locmem", "file"])
def test_fallback_unstorable_keys_are_digested(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path) as cache:
        long_key = "long:" + "x" * 400
        spaced = "Website Settings:home page"
        cache.set_value(long_key, "long")
        cache.set_value(spaced, "spaced")
        cache.hset("hash with space", "f", 1)
        store = cache.store
        assert store.storage_key(cache.make_key(spaced)) != cache.make_key(spaced)
        assert caches[ALIAS].get(store.storage_key(cache.make_key(spaced))) == "spaced"
        assert cache.get_value(long_key) == "long"
        assert cache.get_value(spaced) == "spaced"
        assert cache.get_keys("Website") == [spaced]
        cache.delete_keys("long:")
        cache.delete_keys("Website ")
        cache.delete_keys("hash ")
        assert cache.get_value(long_key) is None
        assert cache.get_value(spaced) is None
        assert cache.hgetall("hash with space") == {}


def test_fallback_index_drops_expired_keys(tmp_path):
    with frappe_cache_on("locmem", tmp_path) as cache:
        backend, store = caches[ALIAS], cache.store
        cache.set_value("e:1", 1, expires_in_sec=0.2)
        cache.set_value("e:2", 2)
        bucket = store._bucket_key(cache.make_key("e:1"))
        assert cache.make_key("e:1") in backend.get(bucket)
        time.sleep(0.5)  # past the recorded deadline of 2 x TTL
        assert cache.get_keys("e:") == ["e:2"]
        # a new key in the same index bucket rewrites it, pruning the expired entry
        same_bucket = next(k for k in (f"e:new{n}" for n in range(10_000)) if store._bucket_key(cache.make_key(k)) == bucket)
        cache.set_value(same_bucket, 3)
        assert cache.make_key("e:1") not in backend.get(bucket)
        assert cache.make_key(same_bucket) in backend.get(bucket)
        assert cache.get_keys("e:") == sorted(["e:2", same_bucket])
