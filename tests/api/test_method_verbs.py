"""Which HTTP verbs a whitelisted method answers, and GETs of state-changing methods from other sites.

Frappe's ``methods=`` declarations are followed (default GET, POST, PUT, DELETE; PATCH only when
declared); a wrong verb is 405 with ``Allow``. A GET that changes state (``logout``, or a function
declared with ``changes_state=True``) is refused with 403 when the browser says it comes from another
site; clients that send no such header (frappe-client's ``GET /?cmd=logout``) keep working.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from django_frappe_web import __version__
from tests.testapp.models import Category

from . import methods  # noqa: F401 - registers the functions
from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db
M = "/api/method/tests.api.methods"
C = "/api/method/frappe.client"
LOGOUT_URLS = ["/api/method/logout", "/api/v1/method/logout", "/api/v2/method/logout", "/?cmd=logout"]
FROM_ANOTHER_SITE = [
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_REFERER": "https://evil.example/page.html"},
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_REFERER": "http://testserver/"},
]
FROM_THIS_SITE = [
    {},  # frappe-client, curl, server-to-server calls
    {"HTTP_SEC_FETCH_SITE": "same-origin"},
    {"HTTP_SEC_FETCH_SITE": "none"},  # typed in the address bar, a bookmark
    {"HTTP_ORIGIN": "http://testserver"},
    {"HTTP_REFERER": "http://testserver/me"},
]


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize("headers", FROM_ANOTHER_SITE)
@pytest.mark.parametrize("url", LOGOUT_URLS)
def test_a_get_logout_from_another_site_is_refused_and_keeps_the_session(client_alice, url, headers):
    """An ``<img src=".../api/method/logout">`` on another site must not log anyone out."""
    response = client_alice.get(url, **headers)
    assert response.status_code == 403, (url, headers, response.content[:300])
    assert "another site" in json.dumps(response.json())
    assert logged_in(client_alice)


@pytest.mark.parametrize("headers", FROM_THIS_SITE)
@pytest.mark.parametrize("url", LOGOUT_URLS)
def test_a_get_logout_from_this_site_or_a_client_logs_out(client_alice, url, headers):
    response = client_alice.get(url, **headers)
    assert response.status_code == 200, (url, headers, response.content[:300])
    assert not logged_in(client_alice)


def test_a_head_logout_from_another_site_is_refused(client_alice):
    assert client_alice.head("/api/method/logout", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert logged_in(client_alice)


def test_a_function_declared_state_changing_refuses_a_get_from_another_site(client):
    assert client.get(f"{M}.toggles", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert not Category.objects.filter(name="Toggled").exists()
    assert client.get(f"{M}.toggles").json() == {"message": "toggled"}


def test_a_get_of_a_read_only_function_from_another_site_still_works(client):
    """Only state-changing methods are refused: a front end on another origin may still read."""
    assert client.get("/api/method/ping", HTTP_SEC_FETCH_SITE="cross-site").json() == {"message": "pong"}
    assert client.get(f"{M}.echo", {"a": "1"}, HTTP_ORIGIN="https://app.example").json() == {
        "message": {"a": "1", "b": 2}}


@pytest.mark.parametrize("function, allow", [
    ("set_value", "POST, PUT"),
    ("insert", "POST, PUT"),
    ("insert_many", "POST, PUT"),
    ("rename_doc", "POST, PUT"),
    ("delete", "POST, DELETE"),
])
def test_frappe_client_writes_follow_frappes_verbs(admin_api, function, allow):
    response = admin_api.get(f"{C}.{function}")
    assert_frappe_error(response, 405, "MethodNotAllowed")
    assert response["Allow"] == allow


def test_frappe_client_writes_from_another_site_by_get_are_refused(client_alice):
    response = client_alice.get(f"{C}.delete", {"doctype": "Category", "name": "x"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert_frappe_error(response, 403, "PermissionError")


def test_frappe_client_insert_many_and_rename_accept_put(admin_api, categories):
    docs = [{"doctype": "Category", "name": "By PUT"}]
    assert admin_api.put_json(f"{C}.insert_many", {"docs": docs}).json() == {"message": ["By PUT"]}
    inserted = admin_api.put_json(f"{C}.insert", {"doc": {"doctype": "Category", "name": "Put too"}})
    assert inserted.status_code == 200 and Category.objects.filter(name="Put too").exists()


def test_patch_on_a_method_that_did_not_declare_it_is_405(client):
    response = client.patch(f"{M}.echo", json.dumps({"a": "1"}), content_type="application/json")
    assert_frappe_error(response, 405, "MethodNotAllowed")
    assert response["Allow"] == "GET, POST, PUT, DELETE"
    assert client.patch("/api/method/ping").status_code == 405


def test_a_declared_verb_list_is_enforced(client):
    assert client.get(f"{M}.put_only").status_code == 405
    assert client.post(f"{M}.put_only").status_code == 405
    assert client.put(f"{M}.put_only").json() == {"message": "PUT"}


def test_version_answers_guests_as_in_frappe(client):
    assert client.get("/api/method/version").json() == {"message": __version__}
    assert client.get("/?cmd=version").json() == {"message": __version__}


def test_the_website_logout_is_unaffected(client_alice):
    """``/logout`` asks for confirmation on GET, from any site, and logs out on POST."""
    page = client_alice.get("/logout", HTTP_SEC_FETCH_SITE="cross-site")
    assert page.status_code == 200 and '<form method="post" action="/logout">' in page.content.decode()
    assert logged_in(client_alice)
    assert client_alice.post("/logout").status_code == 302
    assert not logged_in(client_alice)


def test_options_still_answers_with_the_allowed_verbs(client):
    response = client.options("/api/method/logout", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 200
    assert response["Allow"] == "GET, POST, PUT, DELETE"
