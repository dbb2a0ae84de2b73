"""``frappe.cache`` (django_frappe_web.cache) against real caches: no mocks.

Every behaviour test runs on local memory and the file cache (the documented fallback), and on
django-redis when ``REDIS_URL`` points at a live Redis (e.g. ``redis://127.0.0.1:6379/15``).
The outage tests need only django-redis and a closed port, so they always run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from django_frappe_web.cache import DjangoCacheStore, FrappeCache, RedisStore, get_cache, redis_glob_escape
from django_frappe_web.local import init

REDIS_URL = os.environ.get("REDIS_URL")
NO_REDIS = "REDIS_URL is not set: no live Redis to test django-redis against (e.g. REDIS_URL=redis://127.0.0.1:6379/15)"
ALIAS = "frappe_cache_tests"
DOWN_URL = "redis://127.0.0.1:6390/0"  # nothing listens there (checked by port_is_closed)

BACKENDS = ["locmem", "file", "redis"]


@dataclasses.dataclass
class Point:  # a picklable custom object
    x: int
    y: int


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


@pytest.fixture(params=BACKENDS)
def fcache(request, tmp_path) -> Iterator[FrappeCache]:
    with frappe_cache_on(request.param, tmp_path) as cache:
        yield cache


@pytest.fixture
def rf() -> RequestFactory:
    return RequestFactory()


def redis_conn():
    from django_redis import get_redis_connection

    return get_redis_connection(ALIAS)


# --------------------------------------------------------------------------- the instance


def test_get_cache_is_process_wide_and_follows_settings(tmp_path):
    with frappe_cache_on("locmem", tmp_path, namespace="one") as first:
        assert get_cache() is first
        assert (first.alias, first.namespace) == (ALIAS, "one")
        assert isinstance(first.store, DjangoCacheStore)
        assert first() is first  # Frappe < 15 spelling: frappe.cache()
        with override_settings(FRAPPE_WEB={"CACHE_ALIAS": "default", "CACHE_KEY_PREFIX": "two"}):
            second = get_cache()
            assert second is not first
            assert (second.alias, second.namespace) == ("default", "two")
        assert get_cache().namespace == "one"


def test_frappe_facade_exposes_the_cache(tmp_path):
    from django_frappe_web import frappe

    with frappe_cache_on("locmem", tmp_path) as cache:
        assert frappe.cache is cache
        frappe.cache.set_value("via-facade", 1)
        assert cache.get_value("via-facade") == 1


@pytest.mark.parametrize("kind", BACKENDS)
def test_store_strategy_matches_backend(kind, tmp_path):
    with frappe_cache_on(kind, tmp_path) as cache:
        expected = RedisStore if kind == "redis" else DjangoCacheStore
        assert isinstance(cache.store, expected)
        assert cache.is_redis is (kind == "redis")


# --------------------------------------------------------------------------- keys


def test_make_key_forms(fcache):
    ns = fcache.namespace
    assert fcache.make_key("k") == f"{ns}|k"
    assert fcache.make_key("k", user="alice") == f"{ns}|user:alice:k"
    assert fcache.make_key("k", user="alice", shared=True) == "k"
    assert fcache.make_key(b"bytes") == f"{ns}|bytes"
    with init(user=User(username="carol")):
        assert fcache.make_key("k", user=True) == f"{ns}|user:carol:k"
    with init():
        assert fcache.make_key("k", user=True) == f"{ns}|user:Guest:k"


def test_glob_escape():
    assert redis_glob_escape("a*b?c[d]e\\f") == "a\\*b\\?c\\[d\\]e\\\\f"


# --------------------------------------------------------------------------- values


VALUES = {
    "str": "héllo wörld",
    "int": 42,
    "big-int": 2**70,
    "negative": -7,
    "float": 3.25,
    "bool": True,
    "false": False,
    "list": [1, "two", 3.0, None],
    "tuple": (1, 2),
    "dict": {"a": 1, "nested": {"b": [1, 2, {"c": "d"}]}, "when": datetime(2024, 5, 1, 12, 30, tzinfo=UTC)},
    "datetime": datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    "naive-datetime": datetime(2024, 1, 2, 3, 4, 5),
    "date": date(2020, 2, 29),
    "decimal": Decimal("10.50"),
    "set": {"x", "y"},
    "bytes": b"\x00\x01binary",
    "object": Point(1, 2),
    "empty-string": "",
    "zero": 0,
}


def test_values_round_trip(fcache):
    for name, value in VALUES.items():
        fcache.set_value(f"v:{name}", value)
    for name, value in VALUES.items():
        got = fcache.get_value(f"v:{name}")
        assert got == value, name
        assert type(got) is type(value), name


def test_missing_key_reads_none(fcache):
    assert fcache.get_value("nope") is None
    assert fcache.exists("nope") is False


def test_exists_and_aliases(fcache):
    fcache.set("alias", {"x": 1})
    assert fcache.exists("alias") is True
    assert fcache.get("alias") == {"x": 1}
    fcache.delete("alias")
    assert fcache.exists("alias") is False
    fcache.set_value("alias2", 2)
    fcache.delete_key("alias2")
    assert fcache.get_value("alias2") is None


def test_generator_called_once_and_result_stored(fcache):
    calls = []

    def generator():
        calls.append(1)
        return {"computed": len(calls)}

    assert fcache.get_value("gen", generator) == {"computed": 1}
    assert fcache.get_value("gen", generator) == {"computed": 1}
    assert fcache.get_value("gen") == {"computed": 1}
    assert len(calls) == 1
    assert fcache.exists("gen")
    # a stored value wins over the generator
    fcache.set_value("gen2", "stored")
    assert fcache.get_value("gen2", generator=lambda: pytest.fail("generator called on a hit")) == "stored"


def test_user_scoping_keeps_users_apart(fcache):
    fcache.set_value("pref", "alice's", user="alice")
    fcache.set_value("pref", "bob's", user="bob")
    fcache.set_value("pref", "global")
    assert fcache.get_value("pref", user="alice") == "alice's"
    assert fcache.get_value("pref", user="bob") == "bob's"
    assert fcache.get_value("pref") == "global"
    assert fcache.get_value("pref", user="carol") is None
    assert fcache.get_value("user:alice:pref") == "alice's"  # Frappe's key form

    with init(user=User(username="alice")):
        assert fcache.get_value("pref", user=True) == "alice's"
        fcache.set_value("mine", 1, user=True)
    with init(user=User(username="bob")):
        assert fcache.get_value("pref", user=True) == "bob's"
        assert fcache.get_value("mine", user=True) is None
    assert fcache.get_value("mine", user="alice") == 1

    fcache.delete_value("pref", user="alice")
    assert fcache.get_value("pref", user="alice") is None
    assert fcache.get_value("pref", user="bob") == "bob's"
    assert fcache.get_value("pref") == "global"


def test_expiry(fcache):
    fcache.set_value("short", "soon gone", expires_in_sec=1)
    fcache.set_value("short-td", "soon gone too", expires_in_sec=timedelta(seconds=1))
    fcache.set_value("forever", "stays")  # the backend's default TIMEOUT is 1s: must not apply
    fcache.set_value("zero", "stays", expires_in_sec=0)  # Frappe: a falsy expiry means none
    fcache.get_value("generated", generator=lambda: "stays")
    fcache.hset("hash", "f", "stays")
    assert fcache.get_value("short") == "soon gone"
    time.sleep(1.5)
    assert fcache.get_value("short") is None
    assert fcache.get_value("short-td") is None
    assert fcache.exists("short") is False
    assert fcache.get_value("forever") == "stays"
    assert fcache.get_value("zero") == "stays"
    assert fcache.get_value("generated") == "stays"
    assert fcache.hget("hash", "f") == "stays"
    # the fallback's key index must not have expired either
    fcache.delete_keys("forever")
    assert fcache.get_value("forever") is None


def test_negative_expiry_rejected(fcache):
    with pytest.raises(ValueError):
        fcache.set_value("k", 1, expires_in_sec=-5)


def test_overwrite_and_set_none(fcache):
    fcache.set_value("k", 1)
    fcache.set_value("k", 2)
    assert fcache.get_value("k") == 2
    fcache.set_value("k", None)
    assert fcache.get_value("k") is None
    assert fcache.get_value("k", generator=lambda: 3) == 3  # None reads as a miss, as in Frappe


def test_delete_value_str_and_list(fcache):
    for key in ("a", "b", "c", "d"):
        fcache.set_value(key, key.upper())
    fcache.delete_value("a")
    fcache.delete_value(["b", "c"])
    fcache.delete_value(("missing", "also-missing"))
    fcache.delete_value([])
    assert [fcache.get_value(k) for k in ("a", "b", "c", "d")] == [None, None, None, "D"]


def test_delete_keys_removes_exactly_the_prefixed_keys(fcache):
    doomed = ["doc:1", "doc:2", "doc:sub:3", "doc:"]
    kept = ["docs", "do", "other:doc:1", "Doc:1", "xdoc:1"]
    for key in doomed + kept:
        fcache.set_value(key, key)
    fcache.set_value("doc:ttl", "expiring", expires_in_sec=30)
    fcache.hset("doc:hash", "f", 1)
    fcache.set_value("doc:1", "alice", user="alice")  # "user:alice:doc:1" does not start with "doc:"
    fcache.set_value("doc:1", "shared", shared=True)  # outside the namespace

    removed = fcache.delete_keys("doc:")

    assert removed == len(doomed) + 2
    for key in doomed + ["doc:ttl"]:
        assert fcache.get_value(key) is None, key
    assert fcache.hgetall("doc:hash") == {}
    for key in kept:
        assert fcache.get_value(key) == key, key
    assert fcache.get_value("doc:1", user="alice") == "alice"
    assert fcache.get_value("doc:1", shared=True) == "shared"
    fcache.delete_value("doc:1", shared=True)


def test_delete_keys_per_user_and_shared(fcache):
    fcache.set_value("a", 1, user="alice")
    fcache.set_value("b", 2, user="alice")
    fcache.set_value("a", 3, user="alicia")
    fcache.set_value("a", 4, user="bob")
    fcache.delete_keys("user:alice:")
    assert fcache.get_value("a", user="alice") is None
    assert fcache.get_value("b", user="alice") is None
    assert fcache.get_value("a", user="alicia") == 3
    assert fcache.get_value("a", user="bob") == 4

    shared_prefix = f"shared-{uuid.uuid4().hex}:"
    fcache.set_value(shared_prefix + "x", 1, shared=True)
    fcache.set_value("x", 2)
    fcache.delete_keys(shared_prefix, shared=True)
    assert fcache.get_value(shared_prefix + "x", shared=True) is None
    assert fcache.get_value("x") == 2


def test_delete_keys_prefix_is_literal_not_a_pattern(fcache):
    fcache.set_value("a*[b]?\\1", "literal")
    fcache.set_value("aX[b]?\\1", "star would match")
    fcache.set_value("ab]?\\1", "bracket would match")
    fcache.set_value("a*[b]Z\\1", "question mark would match")
    fcache.delete_keys("a*[b]?\\")
    assert fcache.get_value("a*[b]?\\1") is None
    assert fcache.get_value("aX[b]?\\1") == "star would match"
    assert fcache.get_value("ab]?\\1") == "bracket would match"
    assert fcache.get_value("a*[b]Z\\1") == "question mark would match"


def test_delete_keys_empty_prefix_clears_only_the_namespace(fcache, tmp_path):
    fcache.set_value("one", 1)
    fcache.hset("two", "f", 2)
    other = FrappeCache(alias=ALIAS, namespace=fcache.namespace + "-other")
    other.set_value("one", "other namespace")
    try:
        fcache.delete_keys("")
        assert fcache.get_value("one") is None
        assert fcache.hgetall("two") == {}
        assert other.get_value("one") == "other namespace"
    finally:
        other.delete_keys("")
    with pytest.raises(ValueError):
        fcache.delete_keys("", shared=True)


def test_get_keys(fcache):
    fcache.set_value("k:1", 1)
    fcache.set_value("k:2", 2)
    fcache.hset("k:h", "f", 1)
    fcache.set_value("other", 3)
    fcache.set_value("k:3", 3, user="alice")
    assert fcache.get_keys("k:") == ["k:1", "k:2", "k:h"]
    assert fcache.get_keys("user:alice:") == ["user:alice:k:3"]
    assert fcache.get_value(fcache.get_keys("user:alice:")[0]) == 3
    fcache.delete_value("k:1")
    assert fcache.get_keys("k:") == ["k:2", "k:h"]


# --------------------------------------------------------------------------- hashes


def test_hash_operations(fcache):
    when = datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)
    fcache.hset("meta", "Article", {"fields": ["title", "body"], "when": when})
    fcache.hset("meta", "Page", 7)
    fcache.hset("meta", "Flag", False)
    fcache.hset("meta", 3, "int field name")  # field names are strings

    assert fcache.hget("meta", "Article") == {"fields": ["title", "body"], "when": when}
    assert fcache.hget("meta", "Page") == 7
    assert fcache.hget("meta", "Flag") is False
    assert fcache.hget("meta", "3") == "int field name"
    assert fcache.hget("meta", "Missing") is None
    assert fcache.hget("no-such-hash", "x") is None
    assert sorted(fcache.hkeys("meta")) == ["3", "Article", "Flag", "Page"]
    assert fcache.hgetall("meta") == {
        "Article": {"fields": ["title", "body"], "when": when},
        "Page": 7,
        "Flag": False,
        "3": "int field name",
    }
    assert fcache.hexists("meta", "Page") and not fcache.hexists("meta", "Nope")
    assert fcache.exists("meta")

    fcache.hset("meta", "Page", 8)  # overwrite one field
    assert fcache.hget("meta", "Page") == 8

    fcache.hdel("meta", "Page")
    assert fcache.hget("meta", "Page") is None
    fcache.hdel("meta", ["Article", "3", "never-there"])
    assert fcache.hkeys("meta") == ["Flag"]
    fcache.hdel("meta", "Flag")  # last field: the hash disappears, as in Redis
    assert fcache.hkeys("meta") == []
    assert fcache.hgetall("meta") == {}
    assert fcache.exists("meta") is False


def test_hash_generator_called_once_and_stored(fcache):
    calls = []

    def generator():
        calls.append(1)
        return ["generated", len(calls)]

    assert fcache.hget("h", "f", generator=generator) == ["generated", 1]
    assert fcache.hget("h", "f", generator=generator) == ["generated", 1]
    assert len(calls) == 1
    assert fcache.hgetall("h") == {"f": ["generated", 1]}


def test_hashes_are_separate_from_values_and_deletable(fcache):
    fcache.hset("h", "f", 1)
    fcache.hset("h2", "f", 2)
    fcache.delete_value("h")
    assert fcache.hgetall("h") == {}
    assert fcache.hgetall("h2") == {"f": 2}
    fcache.hset("h", "f", 3, shared=False)
    assert fcache.hget("h", "f") == 3


def test_hash_shared(fcache):
    name = f"shared-hash-{uuid.uuid4().hex}"
    fcache.hset(name, "f", 1, shared=True)
    try:
        assert fcache.hget(name, "f", shared=True) == 1
        assert fcache.hget(name, "f") is None
    finally:
        fcache.delete_value(name, shared=True)


def test_concurrent_hset_from_threads_loses_nothing(fcache):
    """Real hashes on Redis; on the fallback the read-modify-write is locked within a process."""
    import threading

    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(25):
                get_cache().hset("busy", f"{n}-{i}", i)
                get_cache().set_value(f"busy:{n}-{i}", i)  # concurrent key-index updates too
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(fcache.hkeys("busy")) == 200
    assert len(fcache.get_keys("busy:")) == 200
    assert fcache.delete_keys("busy:") == 200


# --------------------------------------------------------------------------- the per-request layer


def test_request_layer_serves_repeated_reads_and_is_invalidated(fcache, rf):
    backend = caches[ALIAS]
    full = fcache.make_key("layer")
    fcache.set_value("layer", "v1")
    with init(request=rf.get("/")) as local:
        assert fcache.get_value("layer") == "v1"
        backend.set(full, "changed behind our back", None)  # another process writes
        assert fcache.get_value("layer") == "v1"  # this request keeps its copy
        assert fcache.get_value("layer", expires=True) == "changed behind our back"  # expires: no layer
        fcache.set_value("layer", "v2")  # our own write updates the layer
        assert fcache.get_value("layer") == "v2"
        fcache.set_value("layer", "v3", expires_in_sec=30)  # an expiring write drops it
        backend.set(full, "v4", None)
        assert fcache.get_value("layer") == "v4"
        fcache.delete_value("layer")
        assert fcache.get_value("layer") is None
        fcache.set_value("layer", "v5")
        fcache.delete_keys("lay")
        assert fcache.get_value("layer") is None
        assert local.request_cache  # the layer lives in frappe.local.request_cache
    fcache.set_value("layer", "v6")
    with init(request=rf.get("/")):
        assert fcache.get_value("layer") == "v6"  # a new request starts empty
    backend.set(full, "outside", None)
    assert fcache.get_value("layer") == "outside"  # no layer outside a request


def test_request_layer_for_hashes(fcache, rf):
    fcache.hset("lh", "f", "v1")
    with init(request=rf.get("/")):
        assert fcache.hget("lh", "f") == "v1"
        FrappeCache(alias=ALIAS, namespace=fcache.namespace).hset("lh", "f", "other process")
        assert fcache.hget("lh", "f") == "v1"
        fcache.hset("lh", "f", "v2")
        assert fcache.hget("lh", "f") == "v2"
        fcache.hdel("lh", "f")
        assert fcache.hget("lh", "f") is None
        fcache.hset("lh", "g", "v3")
        fcache.delete_value("lh")
        assert fcache.hget("lh", "g") is None
    with init(request=rf.get("/")):
        assert fcache.hget("lh", "g") is None


# --------------------------------------------------------------------------- fallback only


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


# --------------------------------------------------------------------------- Redis only


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


# --------------------------------------------------------------------------- Redis outages


def port_is_closed(url: str) -> bool:
    host, port = url.split("//")[1].split("/")[0].split(":")
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, int(port))) != 0


@contextlib.contextmanager
def down_cache(ignore: bool | None, global_ignore: bool = False) -> Iterator[FrappeCache]:
    if not port_is_closed(DOWN_URL):
        pytest.skip(f"something listens on {DOWN_URL}; the outage tests need it closed")
    options = {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    if ignore is not None:
        options["IGNORE_EXCEPTIONS"] = ignore
    cache_settings = {
        "default": settings.CACHES["default"],
        "down": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": DOWN_URL, "OPTIONS": options},
    }
    with override_settings(
        CACHES=cache_settings,
        FRAPPE_WEB={"CACHE_ALIAS": "down"},
        DJANGO_REDIS_IGNORE_EXCEPTIONS=global_ignore,
    ):
        yield get_cache()


def outage_calls():
    """(name, call, expected result when errors are ignored)."""
    return [
        ("get_value", lambda c: c.get_value("k"), None),
        ("get_value+generator", lambda c: c.get_value("k", generator=lambda: "fresh"), "fresh"),
        ("get_value+user", lambda c: c.get_value("k", user="alice"), None),
        ("set_value", lambda c: c.set_value("k", 1), None),
        ("set_value+expiry", lambda c: c.set_value("k", 1, expires_in_sec=5), None),
        ("delete_value", lambda c: c.delete_value(["a", "b"]), None),
        ("delete_keys", lambda c: c.delete_keys("prefix"), 0),
        ("get_keys", lambda c: c.get_keys("prefix"), []),
        ("exists", lambda c: c.exists("k"), False),
        ("hset", lambda c: c.hset("h", "f", 1), None),
        ("hget", lambda c: c.hget("h", "f"), None),
        ("hget+generator", lambda c: c.hget("h", "f", generator=lambda: "fresh"), "fresh"),
        ("hdel", lambda c: c.hdel("h", ["f", "g"]), None),
        ("hgetall", lambda c: c.hgetall("h"), {}),
        ("hkeys", lambda c: c.hkeys("h"), []),
        ("hexists", lambda c: c.hexists("h", "f"), False),
    ]


@pytest.mark.parametrize("name,call,expected", outage_calls(), ids=[c[0] for c in outage_calls()])
def test_outage_with_ignore_exceptions_returns_fallbacks(name, call, expected, caplog, rf):
    with down_cache(ignore=True) as cache, caplog.at_level(logging.WARNING, logger="django_frappe_web.cache"):
        assert isinstance(cache.store, RedisStore)
        assert call(cache) == expected
        with init(request=rf.get("/")):  # with the per-request layer too
            assert call(cache) == expected
    assert any(r.levelno == logging.WARNING and r.name == "django_frappe_web.cache" for r in caplog.records)


def test_outage_with_global_ignore_setting(caplog):
    with down_cache(ignore=None, global_ignore=True) as cache:
        assert cache.get_value("k", generator=lambda: 5) == 5
        assert cache.hgetall("h") == {}
        cache.hset("h", "f", 1)
        assert cache.delete_keys("x") == 0


@pytest.mark.parametrize("name,call,expected", outage_calls(), ids=[c[0] for c in outage_calls()])
def test_outage_without_ignore_exceptions_raises(name, call, expected):
    import redis

    with down_cache(ignore=False) as cache, pytest.raises(redis.exceptions.ConnectionError):
        call(cache)


def test_outage_redis_cache_decorator_calls_through():
    from django_frappe_web.caching import redis_cache

    calls = []

    @redis_cache
    def compute(x):
        calls.append(x)
        return x * 2

    with down_cache(ignore=True):
        assert compute(2) == 4
        assert compute(2) == 4
        assert calls == [2, 2]
        compute.clear_cache()
