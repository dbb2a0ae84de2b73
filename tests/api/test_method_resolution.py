"""Resolving ``/api/method/<dotted.path>``: nothing is imported on a visitor's say-so, and what a
module exposes (decorators above ``@frappe.whitelist`` included) is what runs."""

from __future__ import annotations

import sys

import pytest

from . import methods  # noqa: F401 - registers the functions
from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db
M = "/api/method/tests.api.methods"


def error_type(body: dict) -> str:
    """The exception's name in the v1 (``exc_type``) or v2 (``errors``) envelope."""
    return body["exc_type"] if "exc_type" in body else body["errors"][0]["type"]


@pytest.mark.parametrize("path", [
    "rest_framework.authtoken.admin.TokenAdmin",
    "tests.testapp.imported_on_request.anything",
    "django.contrib.admin.tests.AdminSeleniumTestCase",
])
def test_a_guest_cannot_make_the_server_import_a_module(client, path):
    module = path.rpartition(".")[0]
    assert module not in sys.modules
    for url in (f"/api/method/{path}", f"/api/v2/method/{path}", f"/?cmd={path}"):
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert error_type(response.json()) == "DoesNotExistError"
    assert module not in sys.modules


def test_an_existing_function_that_is_not_whitelisted_is_still_403(client):
    assert_frappe_error(client.get("/api/method/tests.testapp.api.not_whitelisted"), 403, "PermissionError")


def test_a_decorator_above_whitelist_runs(client):
    assert client.get(f"{M}.whispers", {"word": "hello"}).json() == {"message": "HELLO"}


def test_a_rate_limit_above_whitelist_applies(client):
    assert client.get(f"{M}.limited_outside").status_code == 200
    assert_frappe_error(client.get(f"{M}.limited_outside"), 429, "TooManyRequestsError")


def test_a_permission_decorator_above_whitelist_refuses(client, client_alice, superuser):
    assert_frappe_error(client.get(f"{M}.staff_secret"), 403, "PermissionError", "Staff only")
    assert_frappe_error(client_alice.get(f"{M}.staff_secret"), 403, "PermissionError", "Staff only")
    client.force_login(superuser)
    assert client.get(f"{M}.staff_secret").json() == {"message": "secret"}


def test_a_function_exposed_in_place_of_the_whitelisted_one_is_refused(client):
    """As Frappe: what the module exposes must be the whitelisted function (or wrap it)."""
    assert_frappe_error(client.get("/api/method/tests.testapp.api.swapped"), 403, "PermissionError")
