"""``/files/``, ``/private/files/`` and ``/backups/``: who gets what, with which headers."""

from __future__ import annotations

import json
import logging
import os
import time

import pytest
from django.test import Client
from django.utils.http import http_date

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.models import File
from tests.testapp.models import Article

from .conftest import body, upload


@pytest.fixture
def public(dirs, user):
    return upload(b"public text", "readme.txt", user=user)


@pytest.fixture
def private(dirs, user):
    return upload(b"alice's secret", "secret.txt", user=user, is_private=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_safe_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


# -- public files ------------------------------------------------------------------------------


def test_public_file_is_streamed_with_validators(client, public):
    response = client.get("/files/readme.txt")
    assert response.status_code == 200 and response.streaming
    assert body(response) == b"public text"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Length"] == "11"
    assert response["Content-Disposition"] == 'inline; filename="readme.txt"'
    assert response["ETag"] == f'"{public.content_hash}"'
    assert response["Last-Modified"] == http_date(int(os.stat(public.file.path).st_mtime))
    assert response["Cache-Control"] == "public, no-cache"
    assert_safe_headers(response)


def test_head_has_the_headers_and_no_body(client, public):
    response = client.head("/files/readme.txt")
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Length"] == "11" and response["ETag"] == f'"{public.content_hash}"'


def test_conditional_get_answers_304(client, public):
    etag = f'"{public.content_hash}"'
    response = client.get("/files/readme.txt", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"] == "public, no-cache"
    last_modified = client.get("/files/readme.txt")["Last-Modified"]
    assert client.get("/files/readme.txt", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/files/readme.txt", HTTP_IF_NONE_MATCH='"stale"').status_code == 200
    assert client.get("/files/readme.txt", HTTP_IF_MATCH='"stale"').status_code == 412


def test_a_public_file_without_a_row_is_served_like_frappes_public_folder(client, dirs):
    (dirs.public / "copied").mkdir(parents=True)
    (dirs.public / "copied" / "in.css").write_bytes(b"body{}")
    response = client.get("/files/copied/in.css")
    assert response.status_code == 200 and body(response) == b"body{}"
    stat = os.stat(dirs.public / "copied" / "in.css")
    assert response["ETag"] == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'


def test_missing_and_private_files_are_not_public(client, private):
    assert client.get("/files/nothing.txt").status_code == 404
    assert client.get("/files/secret.txt").status_code == 404  # private files live elsewhere


def test_only_get_and_head(client, public):
    response = client.post("/files/readme.txt")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", [
    "/files/../private/files/secret.txt", "/files/./readme.txt", "/files/a//readme.txt",
    "/files/..%2Fprivate%2Ffiles%2Fsecret.txt", "/files/%2e%2e/settings.py", "/files/..\\secret.txt",
    "/files/readme.txt%00.png",
])
def test_traversal_is_404(client, public, private, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_a_row_whose_stored_file_is_missing_is_404_and_logged(client, public, caplog):
    os.remove(public.file.path)
    with caplog.at_level(logging.WARNING, logger="django_frappe_web.files"):
        response = client.get("/files/readme.txt", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert json.loads(response.content)["exc_type"] == "DoesNotExistError"
    assert f"File {public.pk} (/files/readme.txt) points at a stored file that is missing" in caplog.text


@pytest.mark.parametrize(("name", "content_type"), [
    ("page.html", "text/html"), ("page.htm", "text/html"), ("logo.svg", "image/svg+xml"),
    ("feed.xml", {"text/xml", "application/xml"}), ("app.js", "application/octet-stream"), ("mod.mjs", "application/octet-stream"),
])
def test_active_content_is_an_attachment_and_scripts_are_not_scripts(client, dirs, user, name, content_type):
    upload(b"<script>alert(document.cookie)</script>", name, user=user)
    response = client.get(f"/files/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] in ({content_type} if isinstance(content_type, str) else content_type)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert_safe_headers(response)


def test_compressed_files_are_not_decoded_by_the_browser(client, dirs, user):
    upload(b"\x1f\x8b", "dump.sql.gz", user=user)
    assert client.get("/files/dump.sql.gz")["Content-Type"] == "application/octet-stream"


def test_non_ascii_names_are_encoded_in_the_disposition(client, dirs, user):
    row = upload(b"x", "résumé.pdf", user=user)
    response = client.get(row.file_url)
    assert response["Content-Disposition"] == "inline; filename*=utf-8''r%C3%A9sum%C3%A9.pdf"


# -- private files -----------------------------------------------------------------------------


def test_the_owner_gets_a_private_file(client_alice, private):
    response = client_alice.get("/private/files/secret.txt")
    assert response.status_code == 200 and body(response) == b"alice's secret"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"] == f'"{private.content_hash}"'
    assert_safe_headers(response)


def test_a_superuser_gets_any_private_file(superuser, private):
    assert logged_in(superuser).get("/private/files/secret.txt").status_code == 200


@pytest.mark.parametrize("path", ["/private/files/secret.txt", "/private/files/missing.txt",
                                  "/private/files/../files/readme.txt"])
def test_a_guest_always_gets_403(client, private, path):
    response = client.get(path)
    assert response.status_code == 403
    assert b"alice" not in response.content
    response = client.get(path, HTTP_ACCEPT="application/json")
    assert json.loads(response.content)["exc_type"] == "PermissionError"


def test_another_user_gets_404_for_an_unattached_private_file(other_user, private):
    response = logged_in(other_user).get("/private/files/secret.txt")
    assert response.status_code == 404  # same as a file that does not exist
    assert b"alice's secret" not in response.content


def test_another_user_gets_403_for_a_file_attached_to_a_document_they_cannot_read(dirs, user, other_user, draft):
    upload(b"draft notes", "notes.txt", user=user, is_private=True, doctype="Article", docname="draft",
           ignore_permissions=True)
    assert logged_in(other_user).get("/private/files/notes.txt").status_code == 403


def test_readers_of_the_attached_document_get_the_file(dirs, user, other_user, draft, article, grant):
    upload(b"published notes", "published.txt", user=user, is_private=True, doctype="Article", docname="hello",
           ignore_permissions=True)
    upload(b"draft notes", "notes.txt", user=user, is_private=True, doctype="Article", docname="draft",
           ignore_permissions=True)
    bob = logged_in(other_user)
    assert bob.get("/private/files/published.txt").status_code == 200  # a published, guest-viewable article
    bob = logged_in(grant(other_user, "view_article"))
    assert body(bob.get("/private/files/notes.txt")) == b"draft notes"


def test_an_attachment_of_a_deleted_document_is_treated_as_unattached(dirs, user, other_user, draft):
    row = upload(b"orphan", "orphan.txt", user=user, is_private=True, doctype="Article", docname="draft",
                 ignore_permissions=True)
    Article.objects.filter(pk=draft.pk).update(slug="renamed")  # no delete signal: the row stays
    assert logged_in(other_user).get(row.file_url).status_code == 404
    assert logged_in(user).get(row.file_url).status_code == 200


def test_any_row_of_a_shared_url_may_grant_access(dirs, user, other_user, private):
    File.objects.create(file=private.file.name, file_url=private.file_url, is_private=True, owner=other_user,
                        file_name="copy.txt", content_hash=private.content_hash, file_size=private.file_size)
    response = logged_in(other_user).get("/private/files/secret.txt")
    assert response.status_code == 200 and response["Content-Disposition"] == 'inline; filename="copy.txt"'


def test_an_api_key_authenticates_a_private_download(client, user, private):
    key, secret = create_api_key(user)
    response = client.get("/private/files/secret.txt", HTTP_AUTHORIZATION=f"token {key.api_key}:{secret}")
    assert response.status_code == 200 and body(response) == b"alice's secret"
    response = client.get("/private/files/secret.txt", HTTP_AUTHORIZATION=f"token {key.api_key}:wrong")
    assert response.status_code == 401


def test_private_traversal_is_404_for_a_logged_in_user(client_alice, private, public):
    for path in ("/private/files/../../files/readme.txt", "/private/files/%2e%2e/secret.txt",
                 "/private/files/sub/../secret.txt"):
        assert client_alice.get(path).status_code == 404


def test_a_private_row_whose_file_is_missing_is_404_and_logged(client_alice, private, caplog):
    os.remove(private.file.path)
    with caplog.at_level(logging.WARNING, logger="django_frappe_web.files"):
        assert client_alice.get("/private/files/secret.txt").status_code == 404
    assert "points at a stored file that is missing: private/files/secret.txt" in caplog.text


# -- backups -----------------------------------------------------------------------------------


@pytest.fixture
def backup(dirs):
    path = dirs.backups / "20240101-site-database.sql.gz"
    path.write_bytes(b"\x1f\x8bbackup")
    return path


def test_a_superuser_downloads_a_backup(superuser, backup):
    response = logged_in(superuser).get(f"/backups/{backup.name}")
    assert response.status_code == 200 and body(response) == b"\x1f\x8bbackup"
    assert response["Content-Disposition"] == f'attachment; filename="{backup.name}"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Cache-Control"] == "private, no-store"
    assert_safe_headers(response)


@pytest.mark.parametrize("who", ["guest", "user", "staff"])
def test_backups_are_for_superusers_only(client, user, staff_user, backup, who):
    client = {"guest": client, "user": logged_in(user), "staff": logged_in(staff_user)}[who]
    assert client.get(f"/backups/{backup.name}").status_code == 403
    assert client.get("/backups/missing.sql").status_code == 403  # no existence leak either


def test_backups_404_without_a_backup_dir_or_outside_it(superuser, backup, dirs, file_settings):
    admin = logged_in(superuser)
    (dirs.root / "outside.txt").write_text("outside")
    os.symlink(dirs.root / "outside.txt", dirs.backups / "link.txt")
    for path in ("/backups/../outside.txt", "/backups/%2e%2e/outside.txt", "/backups/link.txt",
                 "/backups/missing.sql", "/backups/"):
        assert admin.get(path).status_code == 404, path
    file_settings(BACKUP_DIR=None)
    assert admin.get(f"/backups/{backup.name}").status_code == 404


# -- sendfile ----------------------------------------------------------------------------------


def test_x_accel_redirect_hands_permitted_files_to_nginx(file_settings, client_alice, superuser, backup, dirs, user):
    file_settings(FILE_SENDFILE="x-accel-redirect")
    row = upload(b"private", "a b.txt", user=user, is_private=True)
    response = client_alice.get(row.file_url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected/private/files/a_b.txt"
    assert response["Content-Type"] == "text/plain" and response["ETag"] == f'"{row.content_hash}"'
    assert_safe_headers(response)
    assert Client().get(row.file_url).status_code == 403  # the check still comes first
    response = logged_in(superuser).get(f"/backups/{backup.name}")
    assert response["X-Accel-Redirect"] == f"/protected/backups/{backup.name}"
    public = upload(b"public", "p.txt", user=user)
    assert Client().get(public.file_url)["X-Accel-Redirect"] == "/protected/files/p.txt"


def test_x_sendfile_names_the_absolute_path(file_settings, client_alice, dirs, user):
    file_settings(FILE_SENDFILE="x-sendfile")
    row = upload(b"private", "s.txt", user=user, is_private=True)
    response = client_alice.get(row.file_url)
    assert response["X-Sendfile"] == str(dirs.private / "s.txt") and response.content == b""
    assert client_alice.get(row.file_url, HTTP_IF_NONE_MATCH=f'"{row.content_hash}"').status_code == 304


# -- memory ------------------------------------------------------------------------------------


def test_a_1_gb_private_file_streams_in_constant_memory(dirs, user, client_alice):
    import tracemalloc

    row = upload(b"placeholder", "huge.bin", user=user, is_private=True)
    with open(row.file.path, "r+b") as handle:
        handle.truncate(1024 ** 3)  # sparse: no real disk used
    File.objects.filter(pk=row.pk).update(file_size=1024 ** 3, content_hash="")
    tracemalloc.start()
    try:
        started = time.perf_counter()
        response = client_alice.get(row.file_url)
        total = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response["Content-Length"] == str(1024 ** 3) and total == 1024 ** 3
    assert peak < 10 * 1024 * 1024, f"peak {peak} bytes"
    assert time.perf_counter() - started < 60
