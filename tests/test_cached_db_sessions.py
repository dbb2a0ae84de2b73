"""Cached database sessions (``django_frappe_web.cached_db_sessions``) on a real Redis that is down.

Django's own ``cached_db`` engine turns every logged-in request into a 500 while django-redis
raises (its cache refill after a failed read is not guarded), and logging out too. With the
package's engine the database answers: the user stays logged in, can log out, and a new visitor
gets a session.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client, override_settings

from tests.private_redis import cache_on, private_redis

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ENGINE = "django_frappe_web.cached_db_sessions"

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def redis_cache(tmp_path):
    """A redis-server of this test as the only cache, raising on errors as in production; killed at the end."""
    with private_redis(tmp_path) as server, override_settings(CACHES=cache_on(server), SESSION_ENGINE=ENGINE):
        yield server


def logged_user(client: Client) -> tuple[int, object]:
    response = client.get("/api/method/frappe.auth.get_logged_user")
    return response.status_code, response.json().get("message")


def test_a_logged_in_user_stays_logged_in_while_redis_is_down_and_can_log_out(redis_cache, user):
    client = Client()
    client.force_login(user)
    assert logged_user(client) == (200, user.username)  # read once through the cache

    redis_cache.stop(keep_data=False)
    assert logged_user(client) == (200, user.username)
    assert client.post("/api/method/logout").status_code == 200
    assert logged_user(client)[0] in (401, 403)


def test_a_new_session_is_created_while_redis_is_down(redis_cache, user):
    redis_cache.stop(keep_data=False)
    client = Client()
    client.force_login(user)
    assert logged_user(client) == (200, user.username)


def test_sessions_are_kept_in_the_cache_when_it_is_up(redis_cache, user):
    client = Client()
    client.force_login(user)
    assert client.session.cache_key in {key.decode().split(":", 2)[-1] for key in redis_cache.client().keys("*")}
