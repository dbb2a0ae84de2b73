"""``X-RateLimit-Limit`` / ``-Remaining`` / ``-Reset`` on every answer of a throttled scope, the 429 too."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from tests.conftest import RATE_WINDOW_START

from . import methods  # noqa: F401 - registers the functions
from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def rates(**scopes):
    return override_settings(FRAPPE_WEB={"API_THROTTLE_RATES": {"login": None, "anon": None, "user": None, **scopes}})


def limit_headers(response) -> tuple[int, int, int]:
    return tuple(int(response[header]) for header in HEADERS)


def test_the_user_scope_counts_down_to_the_429(alice_api):
    with rates(user="3/min"):
        # The clock stands at the start of a minute: the window ends in 60 s.
        answers = [alice_api.get("/api/method/ping") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [limit_headers(r) for r in answers] == [(3, 2, 60), (3, 1, 60), (3, 0, 60), (3, 0, 60)]
    assert answers[3]["Retry-After"] == "60"
    assert_frappe_error(answers[3], 429, "TooManyRequestsError")


def test_the_anon_scope_and_the_seconds_left_in_the_window(monkeypatch, client):
    from types import SimpleNamespace

    from django_frappe_web import rate_limiter

    monkeypatch.setattr(rate_limiter, "time", SimpleNamespace(time=lambda: RATE_WINDOW_START + 3600 - 25))
    with rates(anon="100/hour"):
        response = client.get("/api/resource/Article")
    assert response.status_code == 200 and limit_headers(response) == (100, 99, 25)


def test_no_headers_without_a_throttled_scope(client, alice_api):
    with rates():
        for response in (client.get("/api/method/ping"), alice_api.get("/api/method/ping")):
            assert response.status_code == 200 and not any(header in response for header in HEADERS)


def test_login_attempts_say_how_many_are_left(user):
    client = Client()
    with rates(login="5/min"):
        login = client.post("/api/method/login", json.dumps({"usr": "alice", "pwd": "wrong"}),
                            content_type="application/json")
    assert login.status_code == 401 and limit_headers(login) == (5, 4, 60)


def test_the_limit_with_fewest_calls_left_is_the_one_sent(user):
    client = Client()
    with rates(login="5/min", anon="100/min"):
        login = client.post("/api/method/login", json.dumps({"usr": "alice", "pwd": "pw"}),
                            content_type="application/json")
    assert login.status_code == 200 and limit_headers(login) == (5, 4, 60)


def test_frappe_rate_limit_on_a_view_sends_them_on_pages_too(client):
    answers = [client.get("/probe/rate/", REMOTE_ADDR="10.0.0.9") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert [limit_headers(r) for r in answers] == [(2, 1, 60), (2, 0, 60), (2, 0, 60)]
    assert answers[2]["Retry-After"] == "60"


def test_frappe_rate_limit_on_a_whitelisted_method(client):
    with rates():
        answers = [client.post("/api/method/tests.api.methods.limited") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert [limit_headers(r) for r in answers] == [(2, 1, 60), (2, 0, 60), (2, 0, 60)]
