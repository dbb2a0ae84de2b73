"""``POST /api/method/upload_file`` through the real REST API, as Frappe clients call it.

Skipped (with the reason) while ``django_frappe_web/api/urls.py`` does not serve
``/api/method/``. The request of frappe-js-sdk's ``file().uploadFile(file, {isPrivate,
folder, doctype, docname})`` is reproduced byte for byte in its fields and headers.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.files.handler import upload_file
from django_frappe_web.models import File
from django_frappe_web.whitelist import get_whitelisted

from .conftest import MULTIPART, body, multipart

URL = "/api/method/upload_file"


@pytest.fixture(autouse=True)
def api_serves_methods(db):
    response = Client().get("/api/method/ping", HTTP_ACCEPT="application/json")
    if response.status_code != 200 or response.get("Content-Type") != "application/json" \
            or json.loads(response.content).get("message") != "pong":
        pytest.skip("the REST API (django_frappe_web/api/urls.py) does not serve /api/method/ yet")


def browser_session(user) -> tuple[Client, str]:
    """A logged-in client that enforces CSRF, and the token a Frappe page gives its scripts."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, _mask_cipher_secret(secret)


def sdk_upload(client: Client, csrf: str, fields: dict, name: str, content: bytes):
    """What frappe-js-sdk sends: FormData (the browser sets the multipart type) and these headers."""
    return client.generic(
        "POST", URL, multipart(fields, [("file", name, content)]), content_type=MULTIPART,
        HTTP_ACCEPT="application/json", HTTP_X_FRAPPE_SITE_NAME="testserver", HTTP_X_FRAPPE_CSRF_TOKEN=csrf,
    )


def test_frappe_js_sdk_upload_file(dirs, user, article, grant):
    client, csrf = browser_session(grant(user, "change_article"))
    fields = {"is_private": "1", "folder": "Home/Attachments", "doctype": "Article", "docname": "hello"}
    response = sdk_upload(client, csrf, fields, "contract.pdf", b"%PDF-1.7 contract")

    assert response.status_code == 200, response.content
    message = response.json()["message"]
    row = File.objects.get()
    assert message["name"] == row.pk
    assert {key: message[key] for key in ("file_name", "file_url", "is_private", "file_size", "folder",
                                          "attached_to_doctype", "attached_to_name")} == {
        "file_name": "contract.pdf", "file_url": "/private/files/contract.pdf", "is_private": 1, "file_size": 17,
        "folder": "Home/Attachments", "attached_to_doctype": "Article", "attached_to_name": "hello"}
    assert dirs.stored() == ["private/files/contract.pdf"]
    download = client.get(message["file_url"])
    assert download.status_code == 200 and body(download) == b"%PDF-1.7 contract"


def test_the_sdk_without_options_uploads_a_public_file(dirs, user):
    client, csrf = browser_session(user)
    response = sdk_upload(client, csrf, {}, "photo.png", b"\x89PNG")
    assert response.status_code == 200
    assert response.json()["message"]["file_url"] == "/files/photo.png"
    assert body(Client().get("/files/photo.png")) == b"\x89PNG"


def test_a_session_upload_without_the_csrf_token_is_refused(dirs, user):
    client, _ = browser_session(user)
    response = client.generic("POST", URL, multipart(files=[("file", "a.txt", b"a")]), content_type=MULTIPART)
    assert response.status_code in (400, 403)
    assert File.objects.count() == 0 and dirs.stored() == []


def test_an_api_key_uploads_without_csrf(dirs, user):
    key, secret = create_api_key(user)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"token {key.api_key}:{secret}")
    response = client.generic("POST", URL, multipart({"is_private": "1"}, [("file", "k.txt", b"key")]),
                              content_type=MULTIPART)
    assert response.status_code == 200
    assert response.json()["message"]["owner"] == "alice"


def test_a_json_body_with_a_file_url(dirs, user):
    client, csrf = browser_session(user)
    response = client.post(URL, {"file_url": "https://example.com/logo.png", "is_private": 0},
                           content_type="application/json", HTTP_X_FRAPPE_CSRF_TOKEN=csrf)
    assert response.status_code == 200
    assert response.json()["message"]["file_url"] == "https://example.com/logo.png"
    assert dirs.stored() == []


@pytest.mark.parametrize("fieldname", [["body"], {"body": 1}, 5])
def test_a_fieldname_that_is_not_a_name_is_417(dirs, superuser, article, fieldname):
    row, secret = create_api_key(superuser)
    client = Client(HTTP_AUTHORIZATION=f"token {row.api_key}:{secret}")
    response = client.post(URL, {"file_url": "https://example.com/a.png", "doctype": "Article", "docname": "hello",
                                 "fieldname": fieldname}, content_type="application/json")
    assert response.status_code == 417, response.content
    assert "is not a field of Article" in response.json()["exception"]
    assert File.objects.count() == 0


def test_v2_answers_in_data(dirs, user):
    key, secret = create_api_key(user)
    client = Client(HTTP_AUTHORIZATION=f"token {key.api_key}:{secret}")
    response = client.generic("POST", "/api/v2/method/upload_file", multipart(files=[("file", "v2.txt", b"2")]),
                              content_type=MULTIPART)
    assert response.status_code == 200 and response.json()["data"]["file_url"] == "/files/v2.txt"


def test_a_guest_gets_403_and_nothing_is_stored(dirs, client):
    response = client.generic("POST", URL, multipart(files=[("file", "a.txt", b"a")]), content_type=MULTIPART)
    assert response.status_code == 403 and response.json()["exc_type"] == "PermissionError"
    assert File.objects.count() == 0 and dirs.stored() == []


def test_get_is_405(user):
    client, _ = browser_session(user)
    assert client.get(URL).status_code == 405


def test_oversized_is_413_and_nothing_is_left(dirs, file_settings, user):
    file_settings(MAX_FILE_SIZE=1024)
    client, csrf = browser_session(user)
    response = sdk_upload(client, csrf, {}, "big.bin", b"x" * 5000)
    assert response.status_code == 413
    payload = response.json()
    assert payload["exc_type"] == "RequestEntityTooLargeError"
    assert "File size exceeded the maximum allowed size of 1 KB" in payload["_server_messages"]
    assert File.objects.count() == 0 and dirs.stored() == []
    assert list(dirs.upload_tmp.iterdir()) == []


def test_attaching_to_a_document_the_user_cannot_write_is_403(dirs, user, article):
    client, csrf = browser_session(user)
    response = sdk_upload(client, csrf, {"doctype": "Article", "docname": "hello"}, "a.txt", b"a")
    assert response.status_code == 403 and "Not permitted to attach files" in response.json()["exception"]
    assert File.objects.count() == 0 and dirs.stored() == []


def test_a_disallowed_extension_is_417(dirs, file_settings, user):
    file_settings(ALLOWED_FILE_EXTENSIONS=["pdf"])
    client, csrf = browser_session(user)
    response = sdk_upload(client, csrf, {}, "x.html", b"<script>")
    assert response.status_code == 417
    assert File.objects.count() == 0 and dirs.stored() == []


def test_a_path_as_file_name_is_refused_through_the_api(dirs, user):
    client, csrf = browser_session(user)
    response = sdk_upload(client, csrf, {}, "../../evil.txt", b"evil")
    assert response.status_code == 417
    assert File.objects.count() == 0 and dirs.stored() == []


def test_a_path_as_file_name_never_escapes_the_files_folder(dirs, user):
    client, csrf = browser_session(user)
    response = sdk_upload(client, csrf, {}, "../../evil.txt", b"evil")
    assert response.status_code in (200, 417)
    assert dirs.stored() in ([], ["media/files/evil.txt"])


def test_upload_file_is_whitelisted_for_post_under_frappes_names():
    for path in ("upload_file", "frappe.handler.upload_file"):
        entry = get_whitelisted(path)
        assert entry.func is upload_file and entry.methods == ("POST",) and not entry.allow_guest
    assert upload_file.prepare_request.__name__ == "prepare_upload_request"
