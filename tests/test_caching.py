"""The memoizing decorators of django_frappe_web.caching, on real caches."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import RequestFactory

from django_frappe_web import caching
from django_frappe_web.caching import local_cache, redis_cache, request_cache, site_cache
from django_frappe_web.local import get_local, init

from .cache.support import ALIAS, BACKENDS, frappe_cache_on


@pytest.fixture(params=BACKENDS)
def fcache(request, tmp_path):
    with frappe_cache_on(request.param, tmp_path) as cache:
        yield cache


# --------------------------------------------------------------------------- request_cache / local_cache


def make_counter(decorator):
    calls: list = []

    @decorator
    def compute(*args, **kwargs):
        """Doc of compute."""
        calls.append((args, kwargs))
        return ("result", args, tuple(sorted(kwargs.items())))

    return compute, calls


@pytest.mark.parametrize("decorator", [request_cache, local_cache], ids=["request_cache", "local_cache"])
def test_request_cache_once_per_request(decorator):
    compute, calls = make_counter(decorator)
    assert compute.__doc__ == "Doc of compute." and compute.__name__ == "compute"
    with init():
        assert compute(1) == ("result", (1,), ())
        assert compute(1) == ("result", (1,), ())
        assert len(calls) == 1
        compute(2)
        compute(1, flag=True)
        compute(1, flag=True)
        compute(True)  # equal to 1 but a different call
        assert len(calls) == 4
    with init():  # a new request: computed again
        compute(1)
        compute(1)
        assert len(calls) == 5
    with init(request=RequestFactory().get("/")):
        compute(1)
        compute(1)
        assert len(calls) == 6


def test_request_cache_lives_in_local_request_cache():
    compute, calls = make_counter(request_cache)
    with init() as local:
        compute("x")
        assert local.request_cache  # stored on frappe.local
        compute.clear_cache()
        compute("x")
        assert len(calls) == 2
        local.request_cache.clear()
        compute("x")
        assert len(calls) == 3
        assert get_local() is local


def test_request_cache_unhashable_arguments_call_through():
    compute, calls = make_counter(request_cache)
    with init():
        compute([1, 2])
        compute([1, 2])
        compute(key={"a": 1})
        compute(key={"a": 1})
        assert len(calls) == 4


def test_request_cache_does_not_cache_exceptions_but_caches_none():
    attempts = []

    @request_cache
    def flaky(x):
        attempts.append(x)
        if len(attempts) == 1:
            raise RuntimeError("first call fails")

    with init():
        with pytest.raises(RuntimeError):
            flaky(1)
        assert flaky(1) is None
        assert flaky(1) is None
        assert len(attempts) == 2


def test_request_cache_concurrent_contexts_do_not_share():
    compute, calls = make_counter(request_cache)
    with init():
        compute(1)
        with init():  # nested block: its own request_cache
            compute(1)
        compute(1)
    assert len(calls) == 2


def test_local_cache_function_form():
    made = []

    def generator():
        made.append(1)
        return len(made)

    with init():
        assert local_cache("ns", "k", generator) == 1
        assert local_cache("ns", "k", generator) == 1
        assert local_cache("ns", "other", generator) == 2
        assert local_cache("ns2", "k", generator) == 3
    with init():
        assert local_cache("ns", "k", generator) == 4
        assert local_cache("none", "k", lambda: None) is None
        assert local_cache("none", "k", generator, regenerate_if_none=True) == 5


# --------------------------------------------------------------------------- site_cache


def test_site_cache_bare_and_clear():
    compute, calls = make_counter(site_cache)
    with init():
        compute(1)
    with init():  # across requests
        compute(1)
    compute(1)  # and outside any
    assert len(calls) == 1
    compute(2)
    compute([1, 2])  # unhashable: keyed by a JSON digest
    compute([1, 2])
    compute({"a": [1]})
    compute({"a": [1]})
    assert len(calls) == 4
    compute.clear_cache()
    compute(1)
    assert len(calls) == 5
    assert compute.__name__ == "compute"


def test_site_cache_ttl(monkeypatch):
    now = [1000.0]  # the decorator's clock, moved by the test: a stalled machine cannot expire it early
    monkeypatch.setattr(caching, "time", SimpleNamespace(monotonic=lambda: now[0]))
    compute, calls = make_counter(site_cache(ttl=1))
    compute("a")
    now[0] += 0.9
    compute("a")
    assert len(calls) == 1
    now[0] += 0.2
    compute("a")
    compute("a")
    assert len(calls) == 2
    assert compute.ttl == 1


def test_site_cache_maxsize_evicts_least_recently_used():
    compute, calls = make_counter(site_cache(maxsize=2))
    compute(1)
    compute(2)
    compute(1)  # 1 is now the most recent
    compute(3)  # evicts 2
    assert len(calls) == 3
    compute(1)
    assert len(calls) == 3
    compute(2)
    assert len(calls) == 4
    assert compute.cache_len() == 2


def test_site_cache_called_with_parentheses_and_uncacheable_arguments():
    compute, calls = make_counter(site_cache())
    compute(1)
    compute(1)
    marker = object()
    compute([marker])  # neither hashable nor JSON-able: not cached
    compute([marker])
    assert len(calls) == 3


# --------------------------------------------------------------------------- redis_cache


def test_redis_cache_bare_stores_in_frappe_cache(fcache):
    compute, calls = make_counter(redis_cache)
    assert compute.ttl == 3600
    with init():
        assert compute(1, when=datetime(2024, 1, 1, tzinfo=UTC)) == ("result", (1,), (("when", datetime(2024, 1, 1, tzinfo=UTC)),))
    with init():  # another request, same shared cache
        compute(1, when=datetime(2024, 1, 1, tzinfo=UTC))
    assert len(calls) == 1
    compute(1, when=datetime(2024, 1, 2, tzinfo=UTC))
    compute(Decimal("1.5"))
    compute(Decimal("1.5"))
    assert len(calls) == 3
    keys = fcache.get_keys(compute.cache_key_prefix)
    assert len(keys) == 3
    assert all(k.startswith(f"{__name__}.make_counter.<locals>.compute|") for k in keys)


def test_redis_cache_is_shared_between_processes_in_spirit(fcache):
    """Two decorations of the same function (as in two workers) share results."""

    def worker():
        calls = []

        def compute(x):
            calls.append(x)
            return x + 1

        compute.__module__, compute.__qualname__ = "tests.shared_example", "compute"
        return redis_cache(ttl=60)(compute), calls

    first, first_calls = worker()
    second, second_calls = worker()
    assert first(1) == 2 and second(1) == 2
    assert (len(first_calls), len(second_calls)) == (1, 0)
    first.clear_cache()


def test_redis_cache_ttl(fcache):
    compute, calls = make_counter(redis_cache(ttl=1))
    compute("a")
    compute("a")
    assert len(calls) == 1
    time.sleep(1.5)
    compute("a")
    assert len(calls) == 2
    compute.clear_cache()


def test_redis_cache_default_ttl_in_redis(fcache):
    if not fcache.is_redis:
        pytest.skip("checks the TTL of the Redis key")
    from django_redis import get_redis_connection

    compute, _ = make_counter(redis_cache)
    compute(5)
    [key] = fcache.get_keys(compute.cache_key_prefix)
    raw = caches[ALIAS].make_key(fcache.make_key(key))
    assert 3590 < get_redis_connection(ALIAS).ttl(raw) <= 3600
    compute.clear_cache()


def test_redis_cache_clear_cache_only_touches_its_function(fcache):
    def build(name):
        calls = []

        def fn(x):
            calls.append(x)
            return x

        fn.__qualname__ = name
        return redis_cache(fn), calls

    f, f_calls = build("f")
    f2, f2_calls = build("f2")  # "f" is a prefix of "f2"
    f(1), f2(1)
    f.clear_cache()
    f(1), f2(1)
    assert (len(f_calls), len(f2_calls)) == (2, 1)
    f2.clear_cache()


def test_redis_cache_per_user(fcache):
    seen = []

    @redis_cache(user=True)
    def whoami():
        from django_frappe_web.local import get_session_user

        seen.append(get_session_user())
        return get_session_user()

    with init(user=User(username="alice")):
        assert whoami() == "alice"
        assert whoami() == "alice"
    with init(user=User(username="bob")):
        assert whoami() == "bob"
    assert seen == ["alice", "bob"]
    assert len(fcache.get_keys(whoami.cache_key_prefix)) == 2
    whoami.clear_cache()  # every user's copy
    assert fcache.get_keys(whoami.cache_key_prefix) == []
    with init(user=User(username="alice")):
        whoami()
    assert seen == ["alice", "bob", "alice"]
    whoami.clear_cache()


def test_redis_cache_shared_keys(fcache):
    compute, _ = make_counter(redis_cache(ttl=60, shared=True))
    compute(uuid.uuid4().hex)
    assert len(fcache.get_keys(compute.cache_key_prefix, shared=True)) == 1
    assert fcache.get_keys(compute.cache_key_prefix) == []  # not in the namespace
    compute.clear_cache()
    assert fcache.get_keys(compute.cache_key_prefix, shared=True) == []


def test_redis_cache_none_and_uncacheable_arguments_call_through(fcache):
    compute, calls = make_counter(redis_cache)
    marker = object()
    compute(marker)
    compute(marker)
    assert len(calls) == 2

    nothing_calls = []

    @redis_cache
    def nothing():
        nothing_calls.append(1)

    nothing()
    nothing()
    assert len(nothing_calls) == 2  # None reads as a miss, as in Frappe
    nothing.clear_cache()
    compute.clear_cache()
