"""Throttles per scope from FRAPPE_WEB["API_THROTTLE_RATES"], counted on the shared cache."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from django_frappe_web.api.throttling import AnonThrottle, LoginThrottle

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db


def rates(**scopes):
    return override_settings(FRAPPE_WEB={"API_THROTTLE_RATES": {"login": None, "anon": None, "user": None, **scopes}})


def login(client, pwd="wrong"):
    return client.post("/api/method/login", json.dumps({"usr": "alice", "pwd": pwd}), content_type="application/json")


def test_login_attempts_are_throttled_with_retry_after(user):
    client = Client()
    with rates(login="3/min"):
        assert [login(client).status_code for _ in range(3)] == [401, 401, 401]
        response = login(client, pwd="pw")  # even the right password, once over the limit
        body = assert_frappe_error(response, 429, "TooManyRequestsError")
        assert 1 <= int(response["Retry-After"]) <= 60
        assert "Expected available" in body["exception"] or "throttled" in body["exception"].lower()
        assert client.get("/api/method/ping").status_code == 200  # other calls are not login attempts


def test_default_login_rate_is_on(user):
    client = Client()
    statuses = [login(client).status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_anonymous_scope(client, user, alice_api):
    with rates(anon="2/hour"):
        assert [client.get("/api/method/ping").status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/api/resource/Article").status_code == 429
        assert alice_api.get("/api/method/ping").status_code == 200  # users are not anonymous


def test_user_scope_counts_per_user(alice_api, admin_api):
    with rates(user="2/min"):
        assert [alice_api.get("/api/method/ping").status_code for _ in range(3)] == [200, 200, 429]
        assert admin_api.get("/api/method/ping").status_code == 200


def test_forwarded_for_does_not_make_a_new_client(client):
    with rates(anon="1/min"):
        assert client.get("/api/method/ping", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
        assert client.get("/api/method/ping", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_scopes_off_by_default_cost_no_cache_call(rf):
    throttle = AnonThrottle()
    assert throttle.rate is None and throttle.allow_request(rf.get("/"), None)


def test_counts_are_shared_through_the_cache(rf):
    """Two throttle objects (as in two processes) share one count: it lives in FRAPPE_WEB's cache."""
    request = rf.post("/api/method/login")
    with rates(login="2/min"):
        assert LoginThrottle().allow_request(request, None)
        assert LoginThrottle().allow_request(request, None)
        assert not LoginThrottle().allow_request(request, None)


@pytest.mark.redis
def test_counts_live_in_redis(rf):
    from django.core.cache import cache

    request = rf.post("/api/method/login")
    with rates(login="5/min"):
        LoginThrottle().allow_request(request, None)
    assert any(":throttle:login:" in key for key in cache.keys("*"))
