"""``frappe.cache``: the process-wide instance, keys and values, on every kind of cache (no mocks)."""

from __future__ import annotations

import dataclasses
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from django_frappe_web.cache import FallbackCacheStrategy, FrappeCache, get_cache
from django_frappe_web.local import init

from .support import ALIAS, frappe_cache_on


@dataclasses.dataclass
class Point:  # a picklable custom object
    x: int
    y: int



def test_get_cache_is_process_wide_and_follows_settings(tmp_path):
    with frappe_cache_on("locmem", tmp_path, namespace="one") as first:
        assert get_cache() is first
        assert (first.alias, first.namespace) == (ALIAS, "one")
        assert isinstance(first.store, FallbackCacheStrategy)
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
    assert fcache.get_value("short") == "soon gone"  # read at once: a second's stall after it is harmless
    fcache.set_value("short-td", "soon gone too", expires_in_sec=timedelta(seconds=1))
    fcache.set_value("forever", "stays")  # the backend's default TIMEOUT is 1s: must not apply
    fcache.set_value("zero", "stays", expires_in_sec=0)  # Frappe: a falsy expiry means none
    fcache.get_value("generated", generator=lambda: "stays")
    fcache.hset("hash", "f", "stays")
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
