"""Headless clients against the live site (gunicorn ``a``, uvicorn ``b``, PostgreSQL, Redis).

A session logged out on one server is a 401 ``SessionExpired`` on both; an OAuth2 token issued
by one server (client credentials) authenticates on both, and stops doing so on both once revoked;
``X-RateLimit-*`` count calls on both servers together.
"""

from __future__ import annotations

import json
from importlib.util import find_spec

import pytest
import requests

from tests.conftest import require

from .conftest import TIMEOUT, browser, in_one_window

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]

LOGGED_USER = "/api/method/frappe.auth.get_logged_user"
ROBOT_SECRET = "live-robot-secret-" + "r" * 24

# The confidential client an admin would add in DOT's admin, acting as alice.
ROBOT = f"""
from django.contrib.auth import get_user_model
from oauth2_provider.models import get_application_model

Application = get_application_model()
robot, _ = Application.objects.get_or_create(
    name="Live robot", defaults=dict(user=get_user_model().objects.get(username="alice"),
                                     client_type=Application.CLIENT_CONFIDENTIAL, client_secret="{ROBOT_SECRET}",
                                     authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS))
print(robot.client_id)
"""


def shared_cookie_copy(session: requests.Session) -> requests.Session:
    """Another browser holding the same session cookie (a second tab, a stolen-and-revoked copy)."""
    copy = browser()
    copy.cookies.update(session.cookies)
    return copy


def test_a_session_logged_out_on_one_server_is_401_session_expired_on_both(live):
    alice = browser()
    assert alice.post(live.a.url + "/api/method/login", data={"usr": "alice", "pwd": "alice"},
                      timeout=TIMEOUT).status_code == 200
    tabs = [shared_cookie_copy(alice) for _ in live.servers]
    logout = alice.post(live.b.url + "/api/method/logout", headers={"X-Frappe-CSRF-Token": alice.cookies["csrftoken"]},
                        timeout=TIMEOUT)
    assert logout.status_code == 200

    for tab, server in zip(tabs, live.servers, strict=True):
        response = tab.get(server.url + LOGGED_USER, timeout=TIMEOUT)
        assert response.status_code == 401, (server.name, response.text[:300])
        body = response.json()
        assert body["exc_type"] == "SessionExpired" and body["session_expired"] == 1
        # The dead cookie went with that answer: the tab is a plain guest now.
        assert tab.get(server.url + LOGGED_USER, timeout=TIMEOUT).status_code == 403


def test_a_client_credentials_token_from_one_server_works_on_both_until_revoked(live):
    require(find_spec("oauth2_provider"), "needs django-oauth-toolkit (the [oauth] extra)")
    client_id = live.site.manage("shell", "-c", ROBOT).strip().splitlines()[-1]
    issued = requests.post(live.a.url + "/o/token/", auth=(client_id, ROBOT_SECRET),
                           data={"grant_type": "client_credentials", "scope": "read"}, timeout=TIMEOUT)
    assert issued.status_code == 200, issued.text[:300]
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}

    for server in live.servers:
        assert requests.get(server.url + LOGGED_USER, headers=bearer, timeout=TIMEOUT).json() == {"message": "alice"}
        refused = requests.post(server.url + "/api/resource/Article", headers=bearer, timeout=TIMEOUT,
                                data=json.dumps({"title": "x"}))
        assert refused.status_code == 403 and refused.json()["exc_type"] == "PermissionError"  # a read token

    revoked = requests.post(live.b.url + "/o/revoke_token/", auth=(client_id, ROBOT_SECRET),
                            data={"token": issued.json()["access_token"]}, timeout=TIMEOUT)
    assert revoked.status_code == 200
    for server in live.servers:
        response = requests.get(server.url + LOGGED_USER, headers=bearer, timeout=TIMEOUT)
        assert response.status_code == 401 and 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_rate_limit_headers_count_calls_on_both_servers(live):
    def four_calls(attempt: int) -> list[tuple[int, str, str]]:
        visitor = browser(f"127.0.0.{40 + attempt}")
        answers = [visitor.get(live.servers[n % 2].url + "/api/method/harness.liveapp.api.limited", timeout=TIMEOUT)
                   for n in range(4)]
        return [(r.status_code, r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"]) for r in answers]

    assert in_one_window(four_calls) == [(200, "3", "2"), (200, "3", "1"), (200, "3", "0"), (429, "3", "0")]
