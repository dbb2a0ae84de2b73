"""The Redis strategy with Redis down, ``IGNORE_EXCEPTIONS`` on and off."""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings

from django_frappe_web.cache import FrappeCache, RedisCacheStrategy, get_cache
from django_frappe_web.local import init

from .support import DOWN_URL


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
        assert isinstance(cache.store, RedisCacheStrategy)
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
