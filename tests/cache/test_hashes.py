"""``frappe.cache`` hashes (hset/hget/hdel/hgetall/hkeys) on every kind of cache."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django_frappe_web.cache import get_cache


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
