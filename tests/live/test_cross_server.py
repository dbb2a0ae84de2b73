"""Two app servers on one PostgreSQL and one Redis behave as one site.

``a`` is gunicorn (WSGI, two workers), ``b`` is uvicorn (ASGI); what one process writes, every
other process sees on its very next request: sessions, pages and redirects (even ones ``b`` had
cached as a 404 or a page), ``frappe.cache`` values and hashes, throttle and rate-limit counts,
and jobs, which run on the worker as the user who enqueued them.
"""

from __future__ import annotations

import re
import time
import uuid

import pytest

from .conftest import api, browser, in_one_window, page

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]

METHOD = "/api/method/harness.liveapp.api."


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def seen_twice(server, path: str, status: int):
    """Two guest GETs of ``path`` on ``server`` answering ``status`` (the second may come from its cache)."""
    for _ in range(2):
        response = page(server, path)
        assert response.status_code == status, (path, response.status_code, response.text[:300])
    return response


def admin_form_post(live, session, path: str, fields: dict) -> None:
    """Save an admin form on ``a`` as a logged-in superuser (CSRF token from the form page)."""
    form = session.get(live.a.url + path, timeout=10)
    assert form.status_code == 200, form.text[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    saved = session.post(live.a.url + path, data={"csrfmiddlewaretoken": token, **fields}, allow_redirects=False,
                         timeout=10)
    assert saved.status_code == 302, saved.text[:2000]


def log_in(live, server, username: str, password: str, session=None):
    session = session or browser()
    response = session.post(server.url + "/api/method/login", data={"usr": username, "pwd": password}, timeout=10)
    assert response.status_code == 200, response.text[:300]
    return session


def logged_user(server, session) -> str:
    return session.get(server.url + "/api/method/frappe.auth.get_logged_user", timeout=10).json().get("message")


# --- sessions ------------------------------------------------------------------------------------


def test_a_login_on_a_is_a_session_on_b_and_a_logout_on_b_ends_it_on_a(live):
    alice = log_in(live, live.a, "alice", "alice")

    assert logged_user(live.b, alice) == "alice"
    assert logged_user(live.a, alice) == "alice"

    # The CSRF token the login on A set is good on B too (one SECRET_KEY).
    logout = alice.post(live.b.url + "/api/method/logout", headers={"X-Frappe-CSRF-Token": alice.cookies["csrftoken"]},
                        timeout=10)
    assert logout.status_code == 200, logout.text[:300]
    assert logged_user(live.a, alice) != "alice"


# --- pages and redirects saved on A, served by B -------------------------------------------------


def test_a_redirect_saved_changed_and_disabled_in_the_admin_on_a_is_followed_so_by_b_from_a_cached_404(live):
    source = unique("live-moved")
    seen_twice(live.b, f"/{source}", 404)
    admin = log_in(live, live.a, "admin", "admin")

    admin_form_post(live, admin, "/admin/django_frappe_web/websiteredirect/add/",
                    {"source": source, "target": "/blog", "redirect_http_status": "301", "priority": "0",
                     "enabled": "on", "_save": "Save"})

    moved = page(live.b, f"/{source}")
    assert (moved.status_code, moved.headers.get("Location")) == (301, "/blog")
    assert page(live.b, f"/{source}").status_code == 301  # B may cache it now

    listing = admin.get(live.a.url + "/admin/django_frappe_web/websiteredirect/", params={"q": source}, timeout=10)
    change = re.search(r'href="(/admin/django_frappe_web/websiteredirect/\d+/change/)', listing.text).group(1)
    admin_form_post(live, admin, change, {"source": source, "target": "/docs", "redirect_http_status": "302",
                                          "priority": "0", "enabled": "on", "_save": "Save"})
    retargeted = page(live.b, f"/{source}")
    assert (retargeted.status_code, retargeted.headers.get("Location")) == (302, "/docs")

    admin_form_post(live, admin, change, {"source": source, "target": "/docs", "redirect_http_status": "302",
                                          "priority": "0", "_save": "Save"})  # "enabled" unticked
    assert page(live.b, f"/{source}").status_code == 404


def test_a_web_page_created_changed_and_unpublished_through_the_api_on_a_is_served_so_by_b(live):
    route = unique("live-page")
    token = live.site.tokens["admin"]
    seen_twice(live.b, f"/{route}", 404)

    created = api(live.a, token, "POST", "/api/resource/Web Page",
                  json={"title": "Live", "route": route, "main_section": "First words", "published": 1})
    assert created.status_code == 200, created.text[:500]
    cached = seen_twice(live.b, f"/{route}", 200)
    assert "First words" in cached.text
    assert cached.headers.get("X-From-Cache") == "True"  # B serves it from the page cache now

    changed = api(live.a, token, "PUT", f"/api/resource/Web Page/{route}", json={"main_section": "Second words"})
    assert changed.status_code == 200, changed.text[:500]
    served = page(live.b, f"/{route}")
    assert served.status_code == 200
    assert "Second words" in served.text and "First words" not in served.text

    api(live.a, token, "PUT", f"/api/resource/Web Page/{route}", json={"published": 0}).raise_for_status()
    assert page(live.b, f"/{route}").status_code == 404


def test_an_article_published_and_retitled_on_a_is_served_so_by_b_on_its_page_and_in_its_list(live):
    slug = unique("live-article")
    token = live.site.tokens["admin"]
    api(live.a, token, "POST", "/api/resource/Article",
        json={"title": "Draft title", "slug": slug, "route": f"blog/{slug}", "published": 0,
              "published_on": "2030-01-01", "body": "lorem"}).raise_for_status()
    seen_twice(live.b, f"/blog/{slug}", 404)
    assert slug not in seen_twice(live.b, "/blog", 200).text

    api(live.a, token, "PUT", f"/api/resource/Article/{slug}", json={"published": 1}).raise_for_status()
    assert "Draft title" in seen_twice(live.b, f"/blog/{slug}", 200).text
    assert slug in seen_twice(live.b, "/blog", 200).text

    api(live.a, token, "PUT", f"/api/resource/Article/{slug}", json={"title": "Final title"}).raise_for_status()
    assert "Final title" in page(live.b, f"/blog/{slug}").text
    assert "Final title" in page(live.b, "/blog").text


def test_a_web_form_unpublished_and_published_again_on_a_is_served_so_by_b(live):
    token = live.site.tokens["admin"]
    assert "Send" in seen_twice(live.b, "/contact/new", 200).text
    try:
        api(live.a, token, "POST", METHOD + "publish_web_form", data={"route": "contact", "published": "0"}
            ).raise_for_status()
        assert page(live.b, "/contact/new").status_code == 404
    finally:
        api(live.a, token, "POST", METHOD + "publish_web_form", data={"route": "contact", "published": "1"}
            ).raise_for_status()
    assert page(live.b, "/contact/new").status_code == 200


# --- frappe.cache, throttles and rate limits -----------------------------------------------------


def test_frappe_cache_values_and_hashes_written_on_one_server_are_read_on_the_other(live):
    token = live.site.tokens["admin"]
    for writer, reader in (live.servers, reversed(live.servers)):
        key, field, value = unique("key"), unique("field"), unique("value")
        wrote = api(writer, token, "POST", METHOD + "cache_write", data={"key": key, "value": value, "field": field})
        assert wrote.status_code == 200, wrote.text[:500]

        read = api(reader, token, "GET", METHOD + "cache_read", params={"key": key, "field": field}).json()["message"]

        assert (read["value"], read["hash"], read["hash_all"][field]) == (value, value, value)
        assert read["pid"] != wrote.json()["message"]["pid"]


def test_login_attempts_on_a_and_b_share_one_throttle(live):
    def eleven_failed_logins(attempt: int) -> list[int]:
        visitor, username = browser(f"127.0.0.{20 + attempt}"), unique("nobody")  # counters no other test uses
        return [visitor.post(live.servers[n % 2].url + "/api/method/login", data={"usr": username, "pwd": "wrong"},
                             timeout=10).status_code for n in range(11)]

    statuses = in_one_window(eleven_failed_logins)

    assert statuses == [401] * 10 + [429]  # ten a minute per address and per username, on A and B together


def test_a_frappe_rate_limit_counts_calls_on_a_and_b_together(live):
    def four_calls(attempt: int) -> list[int]:
        visitor = browser(f"127.0.0.{30 + attempt}")
        return [visitor.get(live.servers[n % 2].url + METHOD + "limited", timeout=10).status_code for n in range(4)]

    assert in_one_window(four_calls) == [200, 200, 200, 429]  # three a minute, wherever they land


# --- jobs ----------------------------------------------------------------------------------------


def test_a_job_enqueued_on_a_runs_on_the_worker_as_the_user_who_enqueued_it(live):
    label = unique("job")

    enqueued = api(live.a, live.site.tokens["alice"], "POST", METHOD + "enqueue_probe", data={"label": label})
    assert enqueued.status_code == 200, enqueued.text[:500]

    deadline = time.monotonic() + 30
    while (ran := read_cache(live, f"job:{label}")) is None:
        assert time.monotonic() < deadline, f"the job did not run within 30 s:\n{live.worker.log_tail()}"
        time.sleep(0.2)
    assert ran["user"] == "alice"
    assert ran["pid"] in {live.worker.pid, *live.worker.children()}


def test_an_event_the_scheduler_finds_due_runs_on_the_worker_as_administrator(live):
    started = time.time()

    moved = api(live.a, live.site.tokens["admin"], "POST", METHOD + "make_due")
    assert moved.status_code == 200 and moved.json()["message"]["moved"] == 1, moved.text[:500]

    deadline = time.monotonic() + 30
    while (ran := read_cache(live, "scheduled-probe")) is None or ran["at"] < started:
        assert time.monotonic() < deadline, (f"not run within 30 s:\n{live.scheduler.log_tail()}\n"
                                             f"{live.worker.log_tail()}")
        time.sleep(0.2)
    assert ran["user"] == "Administrator"
    assert ran["pid"] in {live.worker.pid, *live.worker.children()}


def read_cache(live, key: str):
    read = api(live.b, live.site.tokens["admin"], "GET", METHOD + "cache_read", params={"key": key})
    return read.json()["message"]["value"]
