"""The site on a real Redis that fails: stopped, paused (SIGSTOP) and restarted with and without its data,
with django-redis's ``IGNORE_EXCEPTIONS`` on and off.

Each test starts its own ``redis-server`` on a free port of 127.0.0.1 in its own folder (never the
machine's Redis) and drives the site through the test client, with short socket timeouts so a
paused server costs a bounded time. What must hold: no 500 from rate limits, no committed write
answered with a 500 (the row is there and the status is the write's own), and no stale page,
404 or redirect once Redis is back, even with its old data.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.faults import forget_reported_faults
from django_frappe_web.models import WebsiteRedirect
from tests.api.conftest import TokenClient
from tests.private_redis import cache_on, private_redis
from tests.testapp.models import Article

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SCENARIO_BUDGET = 30.0  # seconds (about 7 s measured): a scenario that takes longer hangs, it is not a slow pass


@pytest.fixture(params=[True, False], ids=["IGNORE_EXCEPTIONS", "raising"])
def redis(request, tmp_path):
    """A running redis-server of this test, as the site's only cache; killed at the end."""
    forget_reported_faults()
    # A long-lived generation copy: freshness after a restore must not depend on the copy expiring.
    frappe_web = {"ROUTE_GENERATION_CACHE_TIMEOUT": 60,
                  "API_THROTTLE_RATES": {"login": "3/min", "anon": "50/min", "user": "50/min"}}
    started = time.monotonic()
    with private_redis(tmp_path) as server, override_settings(CACHES=cache_on(server, request.param),
                                                              FRAPPE_WEB=frappe_web):
        yield server
    assert time.monotonic() - started < SCENARIO_BUDGET


@pytest.fixture
def admin_api(db):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    row, secret = create_api_key(admin)
    return TokenClient(row.api_key, secret)


@pytest.fixture
def news(admin_api):
    """/articles/news, written through the API and cached for guests, a redirect, and a missing path."""
    response = admin_api.post_json("/api/resource/Article", {
        "title": "Old title", "slug": "news", "route": "articles/news", "published": 1})
    assert response.status_code == 200, response.content[:300]
    WebsiteRedirect.objects.create(source="promo", target="/articles/news")
    guest = Client()
    guest.get("/articles/news")
    assert guest.get("/articles/news")["X-From-Cache"] == "True"
    assert guest.get("/articles/later").status_code == 404  # memoised as no route
    assert guest.get("/promo")["Location"] == "/articles/news"


def edit_while_redis_is_out(admin_api) -> None:
    """Writes and limited calls during the outage: each answered with its own status, never a 500."""
    response = admin_api.put_json("/api/resource/Article/news", {"title": "New title"})
    assert response.status_code == 200, response.content[:300]
    assert Article.objects.get(slug="news").title == "New title"
    response = admin_api.post_json("/api/resource/Article", {
        "title": "Later", "slug": "later", "route": "articles/later", "published": 1})
    assert response.status_code == 200, response.content[:300]
    assert Article.objects.filter(slug="later").exists()
    response = admin_api.put_json("/api/resource/Website Redirect/1", {"target": "/articles/later"})
    if response.status_code != 200:  # not an API doctype: saved as the admin would
        redirect = WebsiteRedirect.objects.get(source="promo")
        redirect.target = "/articles/later"
        redirect.save()
    # Limits fail open: more calls than the limits allow, none refused, none a 500.
    guest = Client()
    logins = [guest.post("/api/method/login", json.dumps({"usr": "admin", "pwd": "wrong"}),
                         content_type="application/json").status_code for _ in range(4)]
    assert logins == [401] * 4
    assert [guest.get("/probe/rate/").status_code for _ in range(3)] == [200] * 3


def assert_fresh() -> None:
    guest = Client()
    assert "New title" in guest.get("/articles/news").content.decode()
    assert guest.get("/articles/later").status_code == 200
    assert guest.get("/promo")["Location"] == "/articles/later"
    assert guest.get("/articles/news")["X-From-Cache"] == "True"  # and the page cache works again


def test_redis_stopped_then_restarted_with_its_old_data(redis, admin_api, news):
    redis.stop(keep_data=True)  # saved to disk: the old pages and generation copy come back
    edit_while_redis_is_out(admin_api)
    redis.start()
    assert redis.client().dbsize() > 0  # the old data really are back
    assert_fresh()


def test_redis_stopped_then_restarted_empty(redis, admin_api, news):
    redis.stop(keep_data=False)
    edit_while_redis_is_out(admin_api)
    redis.start()
    assert_fresh()


def test_redis_paused_then_resumed(redis, admin_api, news):
    redis.pause()
    started = time.monotonic()
    edit_while_redis_is_out(admin_api)
    guest = Client()
    assert guest.get("/articles/news").status_code == 200  # rendered while the cache hangs
    paused_for = time.monotonic() - started
    redis.resume()
    assert_fresh()
    assert paused_for < SCENARIO_BUDGET
