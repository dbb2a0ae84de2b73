"""/api/schema/ and /api/docs/ show each requester only what it may use; the docs page is self-hosted."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from django_frappe_web.api_keys import create_api_key

from .conftest import TokenClient, grant

pytestmark = pytest.mark.django_db

GUEST_DOCTYPES = ("Article", "Category")  # allow_guest_to_view in tests/testapp/doctypes.py


def schema_of(client: Client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def verbs(schema: dict, path: str) -> set[str]:
    return set(schema["paths"].get(path, {}))


@pytest.fixture
def alice_token(user):
    row, secret = create_api_key(user)
    return TokenClient(row.api_key, secret)


def test_a_guest_sees_the_guest_doctypes_read_only(client):
    schema = schema_of(client)
    for doctype in GUEST_DOCTYPES:
        assert verbs(schema, f"/api/resource/{doctype}") == {"get"}
        assert verbs(schema, f"/api/resource/{doctype}/{{name}}") == {"get"}
        assert verbs(schema, f"/api/v2/document/{doctype}") == {"get"}
        assert verbs(schema, f"/api/v2/doctype/{doctype}/meta") == {"get"}
    assert not [path for path in schema["paths"] if "/Note" in path or "/User" in path]


def test_a_guest_sees_no_fields_of_a_hidden_doctype(client):
    components = schema_of(client)["components"]["schemas"]
    assert "Article" in components
    assert "Note" not in components and "User" not in components


def test_a_guest_sees_the_guest_methods_only(client):
    paths = schema_of(client)["paths"]
    assert "/api/method/login" in paths and "/api/method/ping" in paths and "/api/method/logout" in paths
    assert "/api/method/frappe.client.get_list" not in paths
    assert "/api/method/frappe.client.insert" not in paths
    assert "/api/method/frappe.auth.get_logged_user" not in paths
    assert "/api/method/{method}" in paths  # guests may call guest methods through it


def test_a_user_sees_what_their_permissions_allow(user, alice_token):
    schema = schema_of(alice_token)
    assert "/api/resource/Note" not in schema["paths"]
    assert "/api/method/frappe.client.get_list" in schema["paths"]  # a non-guest method, for a logged-in user
    grant(user, "view_note", "add_note")
    schema = schema_of(alice_token)
    assert verbs(schema, "/api/resource/Note") == {"get", "post"}
    assert verbs(schema, "/api/resource/Note/{name}") == {"get"}  # no change_note / delete_note
    assert "Note" in schema["components"]["schemas"]


def test_a_superuser_sees_every_operation(client, superuser):
    client.force_login(superuser)
    schema = schema_of(client)
    assert verbs(schema, "/api/resource/Note/{name}") == {"get", "put", "delete"}
    assert "/api/method/frappe.client.rename_doc" in schema["paths"]


def test_the_schema_is_not_shared_between_requesters(client, user, alice_token):
    grant(user, "view_note")
    first_guest = schema_of(client)
    as_alice = schema_of(alice_token)
    second_guest = schema_of(client)
    assert "/api/resource/Note" in as_alice["paths"]
    assert "/api/resource/Note" not in first_guest["paths"] and "/api/resource/Note" not in second_guest["paths"]
    assert first_guest == second_guest


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_per_requester_answers_are_private_to_the_requester(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert {"Cookie", "Authorization"} <= {value.strip() for value in response["Vary"].split(",")}
    assert "private" in response["Cache-Control"]


def test_a_wrong_api_key_on_the_schema_is_refused_in_frappes_envelope(db):
    response = TokenClient("nope", "wrong").get("/api/schema/")
    assert response.status_code == 401 and response.json()["exc_type"] == "AuthenticationError"


ASSET_RE = re.compile(r'(?:src|href)="([^"]+)"')


def test_the_docs_page_loads_nothing_from_another_host(client):
    html = client.get("/api/docs/").content.decode()
    assets = ASSET_RE.findall(html)
    assert len(assets) == 3, assets  # Swagger UI's CSS and bundle, and our start-up script
    assert not [url for url in assets if re.match(r"(?i)(https?:)?//", url)]
    assert "cdn" not in html.lower() and "<script>" not in html  # no inline script either


def test_every_asset_of_the_docs_page_is_a_static_file_of_an_installed_app(client, settings):
    html = client.get("/api/docs/").content.decode()
    for url in ASSET_RE.findall(html):
        assert url.startswith(settings.STATIC_URL), url
        found = finders.find(url[len(settings.STATIC_URL):])
        assert found, f"{url} is not found by the static files finders (collectstatic would miss it)"
    start_up = finders.find("frappe_web/api_docs.js")
    with open(start_up) as fh:
        assert "SwaggerUIBundle" in fh.read()


def test_the_docs_page_is_served_with_its_static_files(live_server):
    """Through a real server (staticfiles' live server): the page and every asset answer 200."""
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/api/docs/", timeout=10) as response:
        html = response.read().decode()
    for url in ASSET_RE.findall(html):
        with urllib.request.urlopen(f"{live_server.url}{url}", timeout=10) as asset:
            assert asset.status == 200 and len(asset.read()) > 100, url


@pytest.mark.browser
def test_swagger_ui_renders_the_guests_operations_without_internet(page, live_server, db):
    """Chromium (whose network reaches only this server) draws the operations a guest may use."""
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-tag-section")
    tags = page.locator(".opblock-tag").all_inner_texts()
    assert any(tag.startswith("Article") for tag in tags) and not any(tag.startswith("Note") for tag in tags), tags
    assert requested_hosts == {live_server.url.split("/")[2]}
