"""One login throttle for the website's ``/login`` form and ``/api/method/login``: attempts per
client address and per username, on the shared cache, 429 with ``Retry-After`` beyond the limit."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings

from django_frappe_web import rate_limiter
from django_frappe_web.login_throttle import login_buckets, parse_rate
from tests.api.conftest import assert_frappe_error

pytestmark = pytest.mark.django_db

NOW = 1_000_000_020 + 15  # 15 s into a minute (1_000_000_020 is a multiple of 60)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """The throttle's clock stands still: no test straddles the end of a window."""
    monkeypatch.setattr(rate_limiter, "time", SimpleNamespace(time=lambda: float(NOW)))


def login_rate(rate):
    return override_settings(FRAPPE_WEB={"API_THROTTLE_RATES": {"login": rate, "anon": None, "user": None}})


def form_login(client, password="wrong", username="alice", **extra):
    return client.post("/login", {"username": username, "password": password}, **extra)


def api_login(client, password="wrong", username="alice", **extra):
    return client.post("/api/method/login", json.dumps({"usr": username, "pwd": password}),
                       content_type="application/json", **extra)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_thirty_wrong_passwords_on_the_form_lock_it_and_the_right_one_is_refused(user):
    client = Client()
    statuses = [form_login(client).status_code for _ in range(30)]
    assert statuses == [401] * 10 + [429] * 20  # the default limit: 10 attempts a minute
    response = form_login(client, password="pw")
    assert response.status_code == 429
    assert response["Retry-After"] == "45"  # the rest of the minute
    page = response.content.decode()
    assert "Too many login attempts. Please try again in" in page
    assert '<form method="post" action="/login">' in page
    assert 'name="username" value="alice"' in page  # what was typed is kept, as after a wrong password
    assert "no-store" in response["Cache-Control"]
    assert not logged_in(client)


def test_the_form_and_the_api_share_one_count(user):
    client = Client()
    with login_rate("4/hour"):
        assert [form_login(client).status_code for _ in range(2)] == [401, 401]
        assert [api_login(client).status_code for _ in range(2)] == [401, 401]
        response = api_login(client, password="pw")
        body = assert_frappe_error(response, 429, "TooManyRequestsError")
        assert response["Retry-After"] == str(3600 - NOW % 3600)
        assert "throttled" in body["exception"].lower()
        assert form_login(client, password="pw").status_code == 429
        # frappe-client's login (``cmd=login`` posted to the site root) is the same login.
        response = client.post("/", {"cmd": "login", "usr": "alice", "pwd": "pw"})
        assert_frappe_error(response, 429, "TooManyRequestsError")
        assert not logged_in(client)


def test_a_username_is_locked_from_every_address(user, other_user):
    with login_rate("3/hour"):
        statuses = [form_login(Client(), REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(3)]
        assert statuses == [401, 401, 401]
        assert form_login(Client(), password="pw", REMOTE_ADDR="10.0.0.99").status_code == 429
        assert api_login(Client(), password="pw", username="ALICE", REMOTE_ADDR="10.0.0.98").status_code == 429
        # Another account from a fresh address is not affected.
        client = Client()
        assert form_login(client, password="pw", username="bob", REMOTE_ADDR="10.0.0.97").status_code == 302
        assert logged_in(client)


def test_an_address_is_locked_for_every_username(user):
    client = Client()
    with login_rate("3/hour"):
        statuses = [form_login(client, username=f"guess{n}").status_code for n in range(3)]
        assert statuses == [401, 401, 401]
        assert form_login(client, password="pw").status_code == 429
        assert api_login(client, password="pw").status_code == 429
        assert form_login(Client(), password="pw", REMOTE_ADDR="10.0.0.5").status_code == 302


def test_the_limit_follows_the_setting_and_none_turns_it_off(user):
    with login_rate("2/hour"):
        assert [form_login(Client()).status_code for _ in range(3)] == [401, 401, 429]
    with login_rate(None):
        client = Client(REMOTE_ADDR="10.0.0.7")
        assert {form_login(client, username="carol").status_code for _ in range(15)} == {401}
        assert form_login(client, password="pw").status_code == 302


def test_a_successful_login_counts_too(user):
    with login_rate("2/hour"):
        assert form_login(Client(), password="pw").status_code == 302
        assert form_login(Client(), password="pw").status_code == 302
        assert form_login(Client(), password="pw").status_code == 429


def test_a_get_of_the_login_page_is_not_an_attempt(user):
    client = Client()
    with login_rate("1/hour"):
        assert {client.get("/login").status_code for _ in range(5)} == {200}
        assert form_login(client, password="pw").status_code == 302


def test_buckets_are_per_address_and_per_hashed_lower_cased_username():
    ip_bucket, user_bucket = login_buckets("10.1.2.3", " Alice ", 7)
    assert ip_bucket.endswith(":throttle:login:ip:10.1.2.3:7")
    assert login_buckets("10.9.9.9", "alice", 7)[1] == user_bucket
    assert "alice" not in user_bucket.lower()
    assert login_buckets("10.1.2.3", "", 7) == [ip_bucket]
    assert login_buckets("10.1.2.3", ["alice"], 7) == [ip_bucket]  # not a username: the address counts


@pytest.mark.parametrize(("rate", "parsed"), [("10/min", (10, 60)), ("5/s", (5, 1)), ("100/hour", (100, 3600)),
                                              ("1000/day", (1000, 86400)), (None, None), ("", None)])
def test_rates_use_drf_format(rate, parsed):
    assert parse_rate(rate) == parsed
