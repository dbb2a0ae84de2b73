"""frappe.rate_limit: 429 with Retry-After past the limit, counted in the shared cache."""

import pytest

pytestmark = pytest.mark.django_db


def test_third_call_in_window_is_429(client):
    assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1").status_code == 200
    response = client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["exc_type"] == "TooManyRequestsError"
    # Another client IP has its own budget.
    assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.2").status_code == 200


# --- the cache is down: limits fail open, and say so once --------------------------------------

import json  # noqa: E402

from django_frappe_web.faults import forget_reported_faults  # noqa: E402
from django_frappe_web.models import WebForm, WebFormField  # noqa: E402
from tests.cache_outage import OutageCache, outage_cache  # noqa: E402

OUTAGE_MODES = pytest.mark.parametrize("ignore_exceptions", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"])


@pytest.fixture
def cache_down(request):
    """The package's cache is unreachable for the test (django-redis with or without IGNORE_EXCEPTIONS)."""
    forget_reported_faults()
    with outage_cache(request.param, API_THROTTLE_RATES={"login": "2/min", "anon": "2/min", "user": "2/min"},
                      WEB_FORM_RATE_LIMIT={"limit": 2, "seconds": 60}) as cache:
        OutageCache.down = True
        yield cache


def rate_limit_warnings(caplog) -> list:
    return [r for r in caplog.records if r.name == "django_frappe_web.faults" and "rate limits" in r.getMessage()]


@pytest.mark.parametrize("cache_down", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_frappe_rate_limit_lets_calls_through_while_the_cache_is_down(client, cache_down, caplog):
    statuses = [client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert statuses == [200] * 4
    assert len(rate_limit_warnings(caplog)) == 1  # one line for the outage, not one per request


@pytest.mark.parametrize("cache_down", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_login_is_answered_while_the_cache_is_down(client, user, cache_down):
    def login(pwd):
        return client.post("/api/method/login", json.dumps({"usr": "alice", "pwd": pwd}),
                           content_type="application/json")

    assert [login("wrong").status_code for _ in range(3)] == [401] * 3
    assert login("pw").status_code == 200


@pytest.mark.parametrize("cache_down", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_api_throttles_let_calls_through_while_the_cache_is_down(client, cache_down):
    assert [client.get("/api/method/ping").status_code for _ in range(3)] == [200] * 3


@pytest.mark.parametrize("cache_down", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_web_form_submissions_are_saved_while_the_cache_is_down(client, cache_down):
    web_form = WebForm.objects.create(route="notes", doctype="Note", title="Notes", published=True)
    WebFormField.objects.create(web_form=web_form, fieldname="title", ordering=0)
    statuses = [client.post("/notes/new", {"title": f"note {i}"}).status_code for i in range(3)]
    assert statuses == [200] * 3
    from tests.testapp.models import Note

    assert Note.objects.count() == 3


def test_limits_count_again_when_the_cache_is_back(client):
    forget_reported_faults()
    with outage_cache(False):
        OutageCache.down = True
        assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.9").status_code == 200
        OutageCache.down = False
        statuses = [client.get("/probe/rate/", REMOTE_ADDR="10.0.0.9").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
