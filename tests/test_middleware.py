"""FrappeMiddleware: the request context under WSGI and ASGI, and Frappe exceptions from views."""

import json

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

pytestmark = pytest.mark.django_db


def test_guest_context(client):
    response = client.get("/probe/?a=1&b=2", HTTP_X_PROBE="yes", REMOTE_ADDR="10.1.2.3")
    data = response.json()
    assert data["user"] == data["frappe_user"] == "Guest"
    assert data["sid"] == "Guest"
    assert data["form_dict"] == {"a": "1", "b": "2"}
    assert data["site"] == "testserver"
    assert data["request_ip"] == "10.1.2.3"
    assert data["url"] == "http://testserver/probe/?a=1&b=2"
    assert data["in_test"] is True
    assert data["header"] == "yes"


def test_logged_in_user_and_sid(client, user):
    client.force_login(user)
    data = client.get("/probe/").json()
    assert data["user"] == "alice"
    assert data["sid"] == client.session.session_key


def test_flags_reset_every_request(client):
    assert client.get("/probe/").json()["marker"] is None
    # The view set the flag at the end of the first request; a new request starts clean.
    assert client.get("/probe/").json()["marker"] is None


def test_async_view_sees_the_request(user):
    async def call():
        client = AsyncClient()
        await client.aforce_login(user)
        return await client.get("/probe/async/?x=1")

    data = json.loads(async_to_sync(call)().content)
    assert data["user"] == "alice"
    assert data["form_dict"] == {"x": "1"}


def test_middleware_is_sync_and_async_capable():
    from django_frappe_web.middleware import FrappeMiddleware

    assert FrappeMiddleware.sync_capable and FrappeMiddleware.async_capable


def test_throw_gives_417_page_with_escaped_message(client):
    response = client.get("/probe/throw/")
    assert response.status_code == 417
    body = response.content.decode()
    assert "Missing" in body
    assert "Title is &lt;b&gt;required&lt;/b&gt;" in body
    assert "<b>required</b>" not in body


def test_throw_as_json_for_ajax(client):
    response = client.get("/probe/throw/", HTTP_ACCEPT="application/json")
    assert response.status_code == 417
    body = response.json()
    assert body["exc_type"] == "ValidationError"
    messages = [json.loads(m) for m in json.loads(body["_server_messages"])]
    assert messages[0]["message"] == "Title is <b>required</b>"
    assert messages[0]["title"] == "Missing"
    assert "exc" not in body  # no traceback without DEBUG


def test_permission_error_page_has_login_link_for_guests(client, user):
    response = client.get("/probe/permission/")
    assert response.status_code == 403
    assert b"/login?redirect-to=/probe/permission/" in response.content
    client.force_login(user)
    response = client.get("/probe/permission/")
    assert response.status_code == 403
    assert b"/login?redirect-to" not in response.content


def test_redirect_exception(client):
    response = client.get("/probe/redirect/")
    assert response.status_code == 307
    assert response["Location"] == "/elsewhere"


def test_respond_as_web_page_replaces_the_response(client):
    response = client.get("/probe/message/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Thank you" in response.content and b"<p>We got it.</p>" in response.content


def test_respond_as_web_page_from_an_async_view(user):
    """The message page is rendered by the middleware's async path: its template reads the user and
    the site settings, which must not touch the database from the event loop."""
    async def call():
        client = AsyncClient()
        await client.aforce_login(user)
        return await client.get("/probe/message/async/")

    response = async_to_sync(call)()
    assert response.status_code == 200
    assert b"We got it, asynchronously." in response.content
    assert b'href="/logout"' in response.content  # rendered for the logged-in user


def test_msgprint_reaches_django_messages_on_pages(client):
    response = client.get("/probe/msgprint/", follow=True)
    assert response.json()["messages"] == ["Saved!"]


def test_malformed_json_body_is_417_not_500(client):
    response = client.post("/probe/", data="{not json", content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code == 417
    assert "not valid JSON" in response.json()["exception"]


def test_session_user_costs_no_query_once_the_user_is_loaded(client, user):
    client.force_login(user)
    assert client.get("/probe/user-queries/").json() == {"user": "alice", "same": "alice", "queries": 0}


def test_frappe_errors_are_json_under_a_script_name_prefix(client):
    """A site mounted under /site: the API prefix is checked on path_info, not the full path."""
    response = client.get("/probe/throw/", SCRIPT_NAME="/site")
    assert response.status_code == 417 and response["Content-Type"].startswith("text/html")
    from django.test import RequestFactory

    from django_frappe_web.responses import wants_json

    request = RequestFactory().get("/api/method/ping", SCRIPT_NAME="/site")
    request.path_info = "/api/method/ping"
    request.path = "/site/api/method/ping"
    assert wants_json(request)
