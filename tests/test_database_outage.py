"""A database that cannot be reached: 503 with ``Retry-After`` -- Frappe's envelope on ``/api``, the
``frappe_web/503.html`` page on the website -- while warm cached guest pages are still served.

The outage is real at the driver level: on SQLite the connection's cursor creation raises
``sqlite3.OperationalError`` (Django wraps it as it wraps every driver error); on PostgreSQL the
server terminates this connection's backend (``pg_terminate_backend``) and the connection settings
point at a closed port, so reconnecting is refused; the last test kills a persistent connection
that the next request finds dead.
"""

from __future__ import annotations

import json
import socket
import sqlite3

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import caches
from django.db import close_old_connections, connection, connections
from django.test import AsyncClient, Client

from django_frappe_web.database_errors import RETRY_AFTER
from django_frappe_web.database_outage import server_error
from django_frappe_web.settings import web_settings
from django_frappe_web.website import generation
from tests.api.conftest import server_messages
from tests.website.router_site import site


class Database:
    """``stop()`` makes the default database unreachable; ``start()`` brings it back."""

    def __init__(self):
        self.monkeypatch = pytest.MonkeyPatch()  # its own: start() undoes only what stop() did
        self.closed_port: socket.socket | None = None
        self.saved: dict = {}

    @property
    def is_postgres(self) -> bool:
        return connection.vendor == "postgresql"

    def stop(self) -> None:
        if self.is_postgres:
            self.terminate_backend()
            self.refuse_reconnecting()
            connection.close()  # so the next query reconnects, and is refused
        else:
            def refused(*args, **kwargs):
                raise sqlite3.OperationalError("unable to open database file")

            self.monkeypatch.setattr(connection, "create_cursor", refused)

    def terminate_backend(self) -> None:
        """The server ends this connection, as a restart or an idle-connection reaper does."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()

    def refuse_reconnecting(self) -> None:
        # A port bound but never listening: every connection to it is refused, and no other
        # program can take it while the test runs.
        self.closed_port = socket.socket()
        self.closed_port.bind(("127.0.0.1", 0))
        self.saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT")}
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(self.closed_port.getsockname()[1]))

    def start(self) -> None:
        if self.saved:
            connection.settings_dict.update(self.saved)
            self.saved = {}
            connection.close()
        if self.closed_port is not None:
            self.closed_port.close()
            self.closed_port = None
        self.monkeypatch.undo()


@pytest.fixture
def database(transactional_db):
    # Transactional: on PostgreSQL a connection closed inside the test's transaction could not
    # be used again before that transaction ends, and start() must give a working one back.
    database = Database()
    yield database
    database.start()


@pytest.fixture
def router_site(db):
    with site():
        yield


def assert_unavailable(response) -> None:
    assert response.status_code == 503, (response.status_code, response.content[:300])
    assert response["Retry-After"] == str(RETRY_AFTER)


def assert_unavailable_envelope(response) -> dict:
    """Frappe's v1 error envelope for a 503, with no internals (the driver's message) in it."""
    assert_unavailable(response)
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["exc_type"] == "DatabaseUnavailableError"
    assert "temporarily unavailable" in body["exception"]
    assert any("temporarily unavailable" in m["message"] for m in server_messages(body))
    assert "exc" not in body and "Traceback" not in response.content.decode()
    content = response.content.decode()
    assert not any(internal in content for internal in ("unable to open", "terminat", "refused", "127.0.0.1"))
    return body


def assert_unavailable_page(response) -> str:
    assert_unavailable(response)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "<h1>Service Unavailable</h1>" in page
    assert "temporarily unavailable" in page and f"try again in {RETRY_AFTER} seconds" in page
    assert not any(internal in page for internal in ("Traceback", "unable to open", "refused", "127.0.0.1"))
    return page


# --- /api ------------------------------------------------------------------------------------


def test_an_api_list_answers_503_in_frappes_envelope(database, client):
    database.stop()
    assert_unavailable_envelope(client.get("/api/resource/Article"))


def test_v2_answers_503_in_its_own_envelope(database, client):
    database.stop()
    response = client.get("/api/v2/document/Article")
    assert_unavailable(response)
    error = response.json()["errors"][0]
    assert error["type"] == "DatabaseUnavailableError" and "temporarily unavailable" in error["message"]


def test_a_write_answers_503(database, client_alice):
    database.stop()
    response = client_alice.post("/api/method/frappe.client.insert",
                           json.dumps({"doc": {"doctype": "Article", "title": "t"}}),
                           content_type="application/json")
    assert_unavailable_envelope(response)


def test_api_login_answers_503(database, client, user):
    database.stop()
    response = client.post("/api/method/login", json.dumps({"usr": "alice", "pwd": "pw"}),
                           content_type="application/json")
    assert_unavailable_envelope(response)


def test_a_logged_in_api_call_whose_session_lookup_fails_answers_503(database, client_alice):
    database.stop()
    assert_unavailable_envelope(client_alice.get("/api/method/frappe.auth.get_logged_user"))


# --- the website -----------------------------------------------------------------------------


def test_a_page_answers_the_503_page_and_is_not_cached(database, router_site, client):
    database.stop()
    assert_unavailable_page(client.get("/about"))
    database.start()
    response = client.get("/about")
    assert (response.status_code, response["X-From-Cache"]) == (200, "False")


def test_a_warm_cached_guest_page_is_still_served(database, router_site, client):
    assert client.get("/about")["X-From-Cache"] == "False"
    database.stop()
    for _ in range(3):
        response = client.get("/about")
        assert (response.status_code, response["X-From-Cache"]) == (200, "True")
        assert "About this site" in response.content.decode()


def test_a_logged_in_visitor_whose_session_lookup_fails_gets_the_503_page(database, router_site, client_alice):
    assert client_alice.get("/about").status_code == 200
    database.stop()
    page = assert_unavailable_page(client_alice.get("/about"))
    assert "Log out" not in page  # rendered without the request: no user is looked up


def test_a_visitor_with_a_session_is_shown_the_cached_guest_page(database, router_site, client, client_alice):
    """Who a visitor with a session cookie is cannot be known while the database is down: a cached
    guest copy of the page is shown rather than a 503; pages not in the cache are still a 503."""
    assert client.get("/about")["X-From-Cache"] == "False"
    database.stop()
    response = client_alice.get("/about")
    assert (response.status_code, response["X-From-Cache"]) == (200, "True")
    assert "Log out" not in response.content.decode()  # the guest's copy, nothing of alice's
    assert_unavailable_page(client_alice.get("/docs"))


def test_a_json_request_for_a_page_gets_the_envelope(database, router_site, client):
    database.stop()
    assert_unavailable_envelope(client.get("/about?x=1", HTTP_ACCEPT="application/json"))


def test_the_login_form_answers_503(database, client, user):
    database.stop()
    assert_unavailable_page(client.post("/login", {"username": "alice", "password": "pw"}))


def test_an_async_view_of_a_logged_in_user_answers_503(database, user):
    """The async middleware path loads the user itself (``request.auser()``) before the view."""
    client = AsyncClient()
    async_to_sync(client.aforce_login)(user)
    database.stop()  # in this thread, whose connection the middleware's sync_to_async calls use
    assert_unavailable_page(async_to_sync(client.get)("/probe/async/"))


def test_a_session_save_failing_after_the_view_answers_503_with_the_handler500(database):
    """SessionMiddleware saves a new session after every other middleware has answered:
    ``handler500 = "django_frappe_web.database_outage.server_error"`` turns that failure into a 503."""
    client = Client(raise_request_exception=False)
    database.stop()
    assert_unavailable_page(client.get("/probe/session/?action=set"))


def test_other_errors_keep_the_500_page(router_site, client, rf):
    response = client.get("/broken")  # a page whose controller raises: the router's 500 page
    assert response.status_code == 500 and "Retry-After" not in response
    try:
        raise RuntimeError("not the database")
    except RuntimeError:
        response = server_error(rf.get("/anything"))
    assert response.status_code == 500 and "Retry-After" not in response


# --- persistent connections (PostgreSQL) --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("health_checks, status", [(True, 200), (False, 503)])
def test_a_persistent_connection_killed_on_the_server(monkeypatch, client, health_checks, status):
    """What ``CONN_MAX_AGE`` + ``CONN_HEALTH_CHECKS`` buys: the server ends a persistent connection
    (a restart, a failover, an idle reaper); with health checks the next request reconnects, without
    them it fails once -- as a 503 now, not a 500."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
    connection.close()
    try:
        assert client.get("/api/resource/Article").status_code == 200  # a persistent connection is opened
        Database().terminate_backend()
        close_old_connections()  # what every request starts with (the test client skips it)
        assert client.get("/api/resource/Article").status_code == status
        close_old_connections()  # a connection that failed is dropped at the end of the request ...
        assert client.get("/api/resource/Article").status_code == 200  # ... and the next one reconnects
    finally:
        connection.close()


def test_a_cached_guest_page_is_served_by_a_worker_that_never_served_it_after_the_copies_aged(
        database, router_site, client):
    """Another worker cached the page; this one starts fresh, the copies' few seconds are over."""
    assert client.get("/about")["X-From-Cache"] == "False"
    age_the_copies()
    generation.forget_process_state()
    database.stop()
    response = client.get("/about")
    assert (response.status_code, response["X-From-Cache"]) == (200, "True")


def age_the_copies() -> None:
    """Make every copy of the page versions look read long ago (as after ROUTE_GENERATION_CACHE_TIMEOUT)."""
    cache = caches[web_settings.CACHE_ALIAS]
    models = cache.get(generation.copy_key())
    cache.set(generation.copy_key(), {slot: (entry[0], 0) for slot, entry in models.items()}, timeout=None)
    routes = cache.get(generation.routes_key())
    if routes is not None:
        cache.set(generation.routes_key(), (0, routes[1]), timeout=None)
