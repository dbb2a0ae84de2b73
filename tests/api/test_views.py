"""/api/method/<dotted.path>: whitelisted functions, their arguments, frappe.response and errors."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from . import methods  # noqa: F401 - registers the functions
from .conftest import assert_frappe_error, server_messages

pytestmark = pytest.mark.django_db
M = "/api/method/tests.api.methods"


def test_arguments_come_from_form_dict_and_extra_ones_are_dropped(client):
    assert client.get(f"{M}.echo", {"a": "1", "ignored": "x"}).json() == {"message": {"a": "1", "b": 2}}
    body = json.dumps({"a": [1, 2], "b": {"c": 3}, "cmd": "x"})
    assert client.post(f"{M}.echo", body, content_type="application/json").json() == {
        "message": {"a": [1, 2], "b": {"c": 3}}}
    assert client.post(f"{M}.echo", {"a": "form", "b": "3"}).json() == {"message": {"a": "form", "b": "3"}}


def test_kwargs_functions_get_every_argument(alice_api):
    response = alice_api.get(f"{M}.takes_anything", {"x": "1", "y": "2", "cmd": "dropped"})
    assert response.json() == {"message": ["x", "y"]}


def test_missing_argument_is_417(client):
    assert_frappe_error(client.get(f"{M}.echo"), 417, "ValidationError", "missing a required argument: 'a'")


def test_frappe_response_keys_are_honoured(client):
    response = client.get(f"{M}.accepted")
    assert response.status_code == 201
    assert response.json() == {"message": "created", "extra": {"kept": True}}


def test_none_sends_no_message_but_empty_values_are_sent(client):
    assert client.get(f"{M}.nothing").json() == {}
    assert client.get(f"{M}.empty_list").json() == {"message": []}


def test_msgprint_goes_to_server_messages(client):
    body = client.get(f"{M}.chatty").json()
    assert body["message"] == "ok"
    assert server_messages(body) == [{"message": "Saved!", "indicator": "green"}]


def test_throw_is_417_with_its_title(client):
    body = assert_frappe_error(client.get(f"{M}.refuses"), 417, "ValidationError", "Title is required")
    assert server_messages(body) == [
        {"message": "first a note"},
        {"message": "Title is required", "title": "Missing", "indicator": "red", "raise_exception": 1},
    ]


def test_v2_method_answers_data_and_errors(client):
    assert client.get("/api/v2/method/tests.api.methods.echo", {"a": "1"}).json() == {"data": {"a": "1", "b": 2}}
    response = client.get("/api/v2/method/tests.api.methods.refuses")
    assert response.status_code == 417
    assert response.json() == {
        "errors": [{"type": "ValidationError", "message": "Title is required", "title": "Missing",
                    "indicator": "red"}],
        "messages": [{"message": "first a note"}],
    }


def test_unexpected_error_is_500_without_internals(client):
    body = client.get(f"{M}.breaks").json()
    assert body == {"exc_type": "RuntimeError", "exception": "Internal Server Error"}
    assert "hunter2" not in json.dumps(body)


def test_unexpected_error_has_traceback_with_debug(client):
    with override_settings(DEBUG=True):
        response = client.get(f"{M}.breaks")
    assert response.status_code == 500
    assert "hunter2" in json.loads(response.json()["exc"])[0]


def test_a_returned_response_is_sent_as_is(client):
    response = client.get(f"{M}.raw")
    assert response.status_code == 200 and response.content == b"plain" and response["Content-Type"] == "text/plain"


def test_wrong_verb_is_405_with_allow(client):
    response = client.get(f"{M}.put_only")
    assert_frappe_error(response, 405, "MethodNotAllowed")
    assert response["Allow"] == "PUT"
    assert client.put(f"{M}.put_only").json() == {"message": "PUT"}


def test_post_only_builtin_refuses_get(client):
    response = client.get("/api/method/login", {"usr": "alice", "pwd": "pw"})
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_guest_calling_login_only_function_is_403(client):
    assert_frappe_error(client.get(f"{M}.whoami"), 403, "PermissionError", "Not permitted")
    assert_frappe_error(client.get("/api/method/tests.testapp.api.bare"), 403, "PermissionError")


def test_logged_in_user_calls_login_only_function(alice_api, client_alice):
    assert alice_api.get(f"{M}.whoami").json() == {"message": "alice"}
    assert client_alice.get(f"{M}.whoami").json() == {"message": "alice"}


def test_function_that_is_not_whitelisted_is_403_without_its_module(client):
    response = client.get("/api/method/tests.testapp.api.not_whitelisted")
    body = assert_frappe_error(response, 403, "PermissionError")
    assert "tests.testapp" not in json.dumps(body)


@pytest.mark.parametrize("path", ["tests.testapp.api.nothing_here", "os.system", "no_dots", "a..b",
                                  "x" * 600, "__import__", "tests.testapp.api.__dict__"])
def test_unknown_methods_are_404_or_403_never_500(client, path):
    response = client.get(f"/api/method/{path}")
    assert response.status_code in (403, 404)
    assert response.json()["exc_type"] in ("DoesNotExistError", "PermissionError")


def test_trailing_segment_is_ignored_as_in_frappe(client):
    # frappe-client calls /api/method/<path>/
    assert client.get("/api/method/ping/").json() == {"message": "pong"}


def test_ping_and_version(client, alice_api):
    from django_frappe_web import __version__

    assert client.get("/api/method/ping").json() == {"message": "pong"}
    assert client.post("/api/method/ping").json() == {"message": "pong"}
    assert alice_api.get("/api/method/version").json() == {"message": __version__}
    assert client.get("/api/method/version").json() == {"message": __version__}  # guests too, as Frappe (issue 10)


def test_rate_limited_function_is_429_with_retry_after(client):
    assert client.get(f"{M}.limited").status_code == 200
    assert client.get(f"{M}.limited").status_code == 200
    response = client.get(f"{M}.limited")
    assert_frappe_error(response, 429, "TooManyRequestsError")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_any_accept_header_gets_json(client):
    response = client.get("/api/method/ping", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("body", ['"text"', "3", "null", "true"])
def test_non_object_json_body_is_417(client, body):
    response = client.post(f"{M}.echo", body, content_type="application/json")
    assert_frappe_error(response, 417, "ValidationError", "must be a JSON object")


def test_a_json_list_body_is_the_data_argument(client_alice):
    """As in Frappe: a list body (several documents, say) arrives as ``data``."""
    response = client_alice.post(f"{M}.takes_anything", "[1, 2]", content_type="application/json")
    assert response.status_code == 200 and response.json() == {"message": ["data"]}


def test_cmd_at_the_site_root(client):
    """frappe-client posts ``cmd=<method>`` to the site root, without a CSRF token before login."""
    client = Client(enforce_csrf_checks=True)
    assert client.post("/", {"cmd": "tests.api.methods.echo", "a": "x"}).json() == {"message": {"a": "x", "b": 2}}
    assert client.get("/", {"cmd": "ping"}).json() == {"message": "pong"}
    assert_frappe_error(client.get("/", {"cmd": "no.such.method"}), 404, "DoesNotExistError")


def test_site_root_without_cmd_is_the_home_page_and_pages_keep_csrf(client):
    client = Client(enforce_csrf_checks=True)
    assert client.get("/")["Content-Type"].startswith("text/html")
    assert client.post("/", {"a": "x"}).status_code == 403  # a page POST still needs a CSRF token
    assert client.post("/somewhere", {"cmd": "ping"}).status_code == 403  # cmd only at the root


def test_frappe_response_type_download_and_redirect(client):
    response = client.get(f"{M}.download")
    assert response.status_code == 200 and response.content == b"hello"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="report_1.txt"'
    redirect = client.get(f"{M}.go_elsewhere")
    assert redirect.status_code == 302 and redirect["Location"] == "/elsewhere"


def test_ten_megabyte_body_is_413(client):
    body = json.dumps({"a": "x" * (10 * 1024 * 1024)})
    assert_frappe_error(client.post(f"{M}.echo", body, content_type="application/json"), 413, "RequestTooLarge")


def test_frappe_redirect_in_a_method(client):
    response = client.get(f"{M}.redirects")
    assert response.status_code == 307 and response["Location"] == "/login"


def test_an_unsafe_call_that_fails_saves_nothing(client):
    """Frappe rolls back the request's writes when a POST/PUT/PATCH/DELETE method raises."""
    from tests.testapp.models import Category

    assert_frappe_error(client.post(f"{M}.half_done", {"fail": "1"}), 417, "ValidationError", "Refused after a write")
    assert not Category.objects.filter(name="Half done").exists()
    assert client.post(f"{M}.half_done", {"fail": "0"}).json() == {"message": "kept"}
    assert Category.objects.filter(name="Half done").exists()
