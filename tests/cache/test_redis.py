"""The Redis strategy against a live Redis (``REDIS_URL``)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches

from django_frappe_web.cache import FrappeCache, redis_glob_escape

from .support import ALIAS, frappe_cache_on, redis_conn


def test_glob_escape():
    assert redis_glob_escape("a*b?c[d]e\\f") == "a\\*b\\?c\\[d\\]e\\\\f"



@pytest.fixture
def rcache(tmp_path) -> Iterator[FrappeCache]:
    with frappe_cache_on("redis", tmp_path) as cache:
        yield cache


def test_redis_keys_respect_django_key_prefix_and_version(rcache):
    rcache.set_value("k", "v")
    raw = f"frappe-cache-tests:1:{rcache.namespace}|k"
    assert caches[ALIAS].make_key(rcache.make_key("k")) == raw
    assert redis_conn().exists(raw) == 1
    assert redis_conn().type(raw) == b"string"


def test_redis_hash_is_a_real_hash(rcache):
    rcache.hset("meta", "Article", {"title": "x"})
    rcache.hset("meta", "Page", 5)
    raw = caches[ALIAS].make_key(rcache.make_key("meta"))
    conn = redis_conn()
    assert conn.type(raw) == b"hash"
    assert conn.hlen(raw) == 2
    assert sorted(conn.hkeys(raw)) == [b"Article", b"Page"]
    client = caches[ALIAS].client
    assert client.decode(conn.hget(raw, "Article")) == {"title": "x"}  # django-redis' serializer
    assert conn.ttl(raw) == -1
    rcache.hdel("meta", ["Article", "Page"])
    assert conn.exists(raw) == 0


def test_redis_ttl(rcache):
    rcache.set_value("forever", 1)
    rcache.set_value("later", 1, expires_in_sec=100)
    conn, backend = redis_conn(), caches[ALIAS]
    assert conn.ttl(backend.make_key(rcache.make_key("forever"))) == -1
    assert 90 < conn.ttl(backend.make_key(rcache.make_key("later"))) <= 100


def _commandstats(conn) -> dict[str, int]:
    return {name: stats["calls"] for name, stats in conn.info("commandstats").items()}


def test_redis_delete_keys_5000_keys_with_scan(rcache):
    conn, backend = redis_conn(), caches[ALIAS]
    client = backend.client
    pipe = conn.pipeline(transaction=False)
    for n in range(5000):
        pipe.set(backend.make_key(rcache.make_key(f"bulk:{n}")), client.encode(n))
    for n in range(50):
        pipe.set(backend.make_key(rcache.make_key(f"bulky:{n}")), client.encode(n))
    pipe.execute()
    assert rcache.get_value("bulk:4999") == 4999

    before = _commandstats(conn)
    started = time.monotonic()
    removed = rcache.delete_keys("bulk:")
    elapsed = time.monotonic() - started
    after = _commandstats(conn)

    assert removed == 5000
    assert elapsed < 10
    pattern = redis_glob_escape(backend.make_key(rcache.make_key("bulk:"))) + "*"
    assert list(conn.scan_iter(match=pattern, count=1000)) == []
    assert all(rcache.get_value(f"bulky:{n}") == n for n in range(50))
    assert after.get("cmdstat_scan", 0) > before.get("cmdstat_scan", 0)  # walked with SCAN...
    assert after.get("cmdstat_keys", 0) == before.get("cmdstat_keys", 0)  # ...never KEYS
    assert after.get("cmdstat_unlink", 0) - before.get("cmdstat_unlink", 0) >= 10  # batches of <= 500


def test_redis_delete_keys_also_finds_keys_written_with_django(rcache):
    caches[ALIAS].set(rcache.make_key("d:direct"), 1, None)
    rcache.set_value("d:frappe", 2)
    assert rcache.delete_keys("d:") == 2
    assert caches[ALIAS].get(rcache.make_key("d:direct")) is None


def test_redis_two_instances_share_hashes(rcache):
    other = FrappeCache(alias=ALIAS, namespace=rcache.namespace)
    rcache.hset("shared-h", "a", 1)
    other.hset("shared-h", "b", 2)
    assert rcache.hgetall("shared-h") == {"a": 1, "b": 2}
