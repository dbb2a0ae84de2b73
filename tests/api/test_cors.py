"""CORS through django-cors-headers (the [cors] extra): allowed origins get the headers, others nothing."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from tests.conftest import require

from .conftest import csrf_token

pytestmark = pytest.mark.django_db

APP = "https://app.example.org"
EXPOSED = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]


@pytest.fixture(autouse=True)
def cors(settings):
    require(apps.is_installed("corsheaders"), "needs django-cors-headers (the [cors] extra)")
    settings.MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *settings.MIDDLEWARE]
    settings.CORS_ALLOWED_ORIGINS = [APP]
    settings.CORS_ALLOW_CREDENTIALS = True
    settings.CORS_URLS_REGEX = r"^/api/.*$"
    settings.CORS_EXPOSE_HEADERS = EXPOSED
    from corsheaders.defaults import default_headers

    settings.CORS_ALLOW_HEADERS = (*default_headers, "x-frappe-csrf-token")  # frappe-ui's CSRF header
    settings.CSRF_TRUSTED_ORIGINS = [APP]


def preflight(origin: str, path: str = "/api/resource/Article", method: str = "POST"):
    return Client().options(path, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
                            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, x-frappe-csrf-token")


def cors_headers(response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name.lower().startswith("access-control-")}


def test_a_preflight_from_an_allowed_origin_is_answered(db):
    response = preflight(APP)
    assert response.status_code == 200
    headers = cors_headers(response)
    assert headers["access-control-allow-origin"] == APP
    assert headers["access-control-allow-credentials"] == "true"
    assert {"authorization", "content-type", "x-frappe-csrf-token"} <= set(headers["access-control-allow-headers"].split(", "))
    assert "POST" in headers["access-control-allow-methods"]


@pytest.mark.parametrize("origin", ["https://evil.example.com", "null", "http://app.example.org", "https://app.example.org.evil.com",
                                    "not a url", "https://", "https://[::1", "https://ä.example"])
def test_a_preflight_from_any_other_origin_gets_no_cors_headers_and_no_500(db, origin):
    response = preflight(origin)
    assert response.status_code < 500
    assert cors_headers(response) == {}


def test_a_simple_request_from_an_allowed_origin_can_read_the_answer_and_the_limits(db, articles, settings):
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "API_THROTTLE_RATES": {"login": None, "anon": "100/hour", "user": None}}
    response = Client().get("/api/resource/Article", HTTP_ORIGIN=APP)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == APP
    assert set(response["Access-Control-Expose-Headers"].split(", ")) == set(EXPOSED)
    assert response["X-RateLimit-Remaining"] == "99"


def test_an_error_is_readable_by_the_allowed_origin(db):
    response = Client().get("/api/method/frappe.auth.get_logged_user", HTTP_ORIGIN=APP)
    assert response.status_code == 403 and response["Access-Control-Allow-Origin"] == APP


def test_another_origins_request_is_answered_without_cors_headers(db):
    response = Client().get("/api/method/ping", HTTP_ORIGIN="https://evil.example.com")
    assert response.status_code == 200 and cors_headers(response) == {}


def test_pages_outside_the_api_get_no_cors_headers(db):
    assert cors_headers(Client().get("/", HTTP_ORIGIN=APP)) == {}


@pytest.mark.parametrize("origin, status", [(APP, 200), ("https://evil.example.com", 400)])
def test_a_session_write_passes_csrf_only_from_a_trusted_origin(user, origin, status):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post("/api/method/logout", HTTP_ORIGIN=origin, HTTP_X_FRAPPE_CSRF_TOKEN=csrf_token(browser))
    assert response.status_code == status, response.content
