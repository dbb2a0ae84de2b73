"""Shared test set-up: backend report, marker skips, cache isolation, user fixtures.

Markers (declared in setup.cfg):

* ``browser``: needs Chromium (``$CHROMIUM_PATH``, ``/usr/bin/chromium`` or ``chromium``
  on PATH). Skipped without it -- except with ``CI=true``, where it fails instead, so a
  CI machine that lost its browser can't pass quietly. Use the ``page`` fixture.
* ``redis``: skipped unless the default cache is django-redis (``REDIS_URL`` set).
* ``postgres``: skipped unless the default database is PostgreSQL (``DATABASE_URL`` set).
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.test import override_settings

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def find_chromium() -> str | None:
    """Debian's Chromium; never a browser downloaded by Playwright (impossible here)."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = find_chromium()


def require(available: object, reason: str) -> None:
    """Skip the test when a tool it needs is missing -- or fail it under CI=true, where it must run."""
    if not available:
        if CI:
            pytest.fail(f"{reason}, and CI=true", pytrace=False)
        pytest.skip(reason)


def _is_postgres() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def _is_django_redis(alias: str = "default") -> bool:
    return settings.CACHES[alias]["BACKEND"].startswith("django_redis.")


def pytest_report_header(config):
    """Printed at session start, so every log says which backends it exercised."""
    db = settings.DATABASES["default"]
    cache = settings.CACHES["default"]
    where = (
        f"{db.get('HOST') or 'local'}:{db.get('PORT') or '-'}/{db['NAME']}"
        if _is_postgres()
        else db["NAME"]
    )
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({where})",
        f"cache: {cache['BACKEND'].rsplit('.', 1)[-1]} ({cache.get('LOCATION', '')})",
        f"browser tests: {'chromium at ' + CHROMIUM if CHROMIUM else 'no chromium found -> ' + ('FAIL (CI=true)' if CI else 'skipped')}",
    ]


def pytest_collection_modifyitems(config, items):
    skip_browser = pytest.mark.skip(
        reason="needs Chromium: none at /usr/bin/chromium or on PATH (apt-get install chromium)"
    )
    skip_redis = pytest.mark.skip(
        reason="needs django-redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/15)"
    )
    skip_postgres = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)"
    )
    for item in items:
        if "browser" in item.keywords and not CHROMIUM and not CI:
            item.add_marker(skip_browser)
        if "redis" in item.keywords and not _is_django_redis():
            item.add_marker(skip_redis)
        if "postgres" in item.keywords and not _is_postgres():
            item.add_marker(skip_postgres)


def pytest_runtest_setup(item):
    if "browser" in item.keywords and not CHROMIUM and CI:
        pytest.fail(
            "browser test but no Chromium (/usr/bin/chromium or on PATH) and CI=true",
            pytrace=False,
        )


# --- cache isolation -------------------------------------------------------------------


def _clear_caches():
    from django.core.cache import caches

    from django_frappe_web.website import generation

    # A rolled-back test database brings old generation numbers back: no memo may outlive its test.
    generation.forget_process_state()

    for alias in settings.CACHES:
        cache = caches[alias]
        if _is_django_redis(alias):
            # Only this suite's keys: delete_pattern() applies KEY_PREFIX, whereas
            # clear() would FLUSHDB a Redis database other programs may share.
            cache.delete_pattern("*")
        else:
            cache.clear()


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Every test starts and ends with empty caches, so cached pages/permissions don't leak."""
    _clear_caches()
    yield
    _clear_caches()


# --- rate-limit windows ------------------------------------------------------------------

# The start of a day, so it starts every fixed window (a second, a minute, an hour, a day) too.
RATE_WINDOW_START = 1_000_080_000.0


@pytest.fixture(autouse=True)
def frozen_rate_window(monkeypatch):
    """Rate limits and throttles read a clock that stands still at the start of a window: no
    test that counts requests straddles the end of one. A test may set another time on
    ``rate_limiter.time`` (e.g. to check ``Retry-After``)."""
    from types import SimpleNamespace

    from django_frappe_web import rate_limiter

    monkeypatch.setattr(rate_limiter, "time", SimpleNamespace(time=lambda: RATE_WINDOW_START))


# --- users -----------------------------------------------------------------------------


@pytest.fixture
def user(db, django_user_model):
    """A plain active user "alice" (password "pw")."""
    return django_user_model.objects.create_user("alice", "alice@example.com", "pw")


@pytest.fixture
def other_user(db, django_user_model):
    """A second plain user "bob" (password "pw"), e.g. for "not the owner" checks."""
    return django_user_model.objects.create_user("bob", "bob@example.com", "pw")


@pytest.fixture
def staff_user(db, django_user_model):
    """User "staff" (password "pw"): is_staff, but no permissions of its own."""
    return django_user_model.objects.create_user(
        "staff", "staff@example.com", "pw", is_staff=True
    )


@pytest.fixture
def superuser(db, django_user_model):
    """User "admin" (password "pw"): a superuser."""
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "pw"
    )


@pytest.fixture
def client_alice(user):
    """A django test Client logged in as ``user`` (a separate Client from ``client``)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# --- browser ---------------------------------------------------------------------------

# Flags that make Debian's Chromium work here: as root (no sandbox), headless, and with
# no background traffic to Google (the network is closed; those connections just fail).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server):
    """A Playwright ``Page`` in headless Chromium; pair with ``live_server.url``.

    Playwright's sync API runs an event loop in this thread, which makes Django refuse
    ORM calls ("async context") from the test body; DJANGO_ALLOW_ASYNC_UNSAFE lifts that
    for the duration of the test only. Mark such tests ``@pytest.mark.browser``.
    """
    if not CHROMIUM:
        pytest.skip("needs Chromium: none at /usr/bin/chromium or on PATH")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                context = browser.new_context()
                context.set_default_timeout(15_000)
                yield context.new_page()
                context.close()
            finally:
                browser.close()
                # While Playwright's loop runs, Django's connection store (asgiref Local,
                # context-aware) hands out separate DB connections; close them here, or
                # PostgreSQL refuses to drop the test database at the end ("being accessed
                # by other users").
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


THREE_LANGUAGES = [("en", "English"), ("de", "German"), ("fr", "French")]


@pytest.fixture
def three_languages():
    """A site in English (the default), German and French; modules opt in with ``usefixtures``."""
    with override_settings(LANGUAGES=THREE_LANGUAGES, LANGUAGE_CODE="en"):
        yield


@pytest.fixture(autouse=True)
def doctype_registry_left_as_found():
    """A test that changes the doctype registry puts back the very same DocTypes (tests/registry.py):
    the API's URL patterns hold them, so a new instance would make later API tests order-dependent."""
    from django_frappe_web.doctypes import site

    before = dict(site._by_name)  # the instances themselves: ids of freed ones could be reused
    yield
    changed = sorted(name for name in before.keys() | site._by_name.keys() if site._by_name.get(name) is not before.get(name))
    assert not changed, f"the doctype registry was changed and not restored ({changed}): use tests.registry.replaced_doctype"
