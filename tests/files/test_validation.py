"""Bad uploads: each is refused with its status and message, and nothing is stored (or left in temp)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from django_frappe_web import frappe
from django_frappe_web.exceptions import RequestEntityTooLargeError, ValidationError
from django_frappe_web.files.handler import upload_file
from django_frappe_web.files.uploads import save_uploaded_file
from django_frappe_web.files.validation import BODY_OVERHEAD, UploadGuard, check_upload_guard, prepare_upload_request
from django_frappe_web.models import File

from .conftest import MULTIPART, call_upload, multipart

PROBE = "/api/_files_probe/upload_file"
pytestmark = pytest.mark.urls("tests.files.urls")


def assert_nothing_stored(dirs) -> None:
    assert File.objects.count() == 0
    assert dirs.stored() == []
    assert list(dirs.upload_tmp.iterdir()) == []


def post_probe(client, body: bytes):
    response = client.generic("POST", PROBE, body, content_type=MULTIPART, HTTP_ACCEPT="application/json")
    return response.status_code, json.loads(response.content)


def server_message(payload: dict) -> str:
    return json.loads(json.loads(payload["_server_messages"])[0])["message"]


# -- size ------------------------------------------------------------------------------------


def test_an_oversized_upload_is_413_with_a_clear_message(dirs, file_settings, client_alice):
    file_settings(MAX_FILE_SIZE=1024)
    status, payload = post_probe(client_alice, multipart({"is_private": "1"}, [("file", "big.bin", b"x" * 2000)]))
    assert status == 413
    assert payload["exc_type"] == "RequestEntityTooLargeError"
    assert server_message(payload) == "File size exceeded the maximum allowed size of 1 KB"
    assert_nothing_stored(dirs)


def test_at_the_limit_is_accepted(dirs, file_settings, user):
    file_settings(MAX_FILE_SIZE=1024)
    assert call_upload(user, files=[("file", "fits.bin", b"x" * 1024)])["file_size"] == 1024


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(dirs, file_settings, user):
    file_settings(MAX_FILE_SIZE=1024)
    body = multipart(files=[("file", "huge.bin", b"x" * (BODY_OVERHEAD + 4096))])
    request = RequestFactory().generic("POST", "/api/method/upload_file", body, content_type=MULTIPART)
    request.user = user
    with frappe.init(request=request, user=user), pytest.raises(RequestEntityTooLargeError):
        upload_file()
    assert request.META["wsgi.input"].read() == body  # not a byte was consumed
    assert_nothing_stored(dirs)


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=0)  # every upload goes to a temporary file
def test_a_file_growing_past_the_limit_is_cut_off_mid_stream_and_its_partial_file_deleted(dirs, file_settings, user):
    file_settings(MAX_FILE_SIZE=100 * 1024)
    content = b"y" * (100 * 1024 + 30 * 1024)  # within BODY_OVERHEAD: only the streaming check catches it
    request = RequestFactory().generic("POST", "/", multipart(files=[("file", "grow.bin", content)]),
                                       content_type=MULTIPART)
    assert prepare_upload_request(request) is True
    assert dict(request.FILES) == {}  # the file was dropped mid-stream...
    assert list(dirs.upload_tmp.iterdir()) == []  # ...and its partial temporary file deleted at once
    with pytest.raises(RequestEntityTooLargeError):
        check_upload_guard(request)
    assert_nothing_stored(dirs)


def test_the_size_is_still_enforced_when_the_body_was_read_before(dirs, file_settings, user):
    """E.g. CSRF middleware read request.POST first: the guard cannot be installed, the check still runs."""
    file_settings(MAX_FILE_SIZE=1024)
    request = RequestFactory().generic("POST", "/", multipart(files=[("file", "big.bin", b"x" * 5000)]),
                                       content_type=MULTIPART)
    request.POST  # noqa: B018 - parsed with Django's default handlers
    assert prepare_upload_request(request) is False
    request.user = user
    with frappe.init(request=request, user=user), pytest.raises(RequestEntityTooLargeError):
        upload_file()
    request.close()
    assert_nothing_stored(dirs)


def test_the_default_limit_is_10_mb(dirs, user):
    with pytest.raises(RequestEntityTooLargeError, match="10 MB"):
        save_uploaded_file(SimpleUploadedFile("big.bin", b"x" * (10 * 1024 * 1024 + 1)), user=user)
    assert_nothing_stored(dirs)


def test_the_guard_installs_once_and_wraps_the_projects_handlers(dirs):
    request = RequestFactory().post("/", {})
    defaults = [type(handler) for handler in request.upload_handlers]
    prepare_upload_request(request)
    prepare_upload_request(request)
    (guard,) = request.upload_handlers
    assert isinstance(guard, UploadGuard)
    assert [type(handler) for handler in guard.handlers[1:]] == defaults


# -- extension ---------------------------------------------------------------------------------


def test_a_disallowed_extension_is_417(dirs, file_settings, client_alice):
    file_settings(ALLOWED_FILE_EXTENSIONS=["pdf", ".PNG"])
    status, payload = post_probe(client_alice, multipart(files=[("file", "tool.exe", b"MZ")]))
    assert status == 417
    assert server_message(payload) == ".exe files are not allowed. Allowed: pdf, png."
    assert_nothing_stored(dirs)


def test_allowed_extensions_ignore_case_and_refuse_names_without_one(dirs, file_settings, user):
    file_settings(ALLOWED_FILE_EXTENSIONS=["pdf"])
    assert call_upload(user, files=[("file", "SCAN.PDF", b"%PDF")])["file_name"] == "SCAN.PDF"
    with pytest.raises(ValidationError, match="Files without an extension are not allowed"):
        call_upload(user, files=[("file", "README", b"x")])


# -- names -------------------------------------------------------------------------------------

BAD_NAMES = [
    ("../../etc/passwd.txt", "must be a name, not a path"),
    ("..\\..\\boot.ini", "must be a name, not a path"),
    ("/etc/passwd", "must be a name, not a path"),
    ("C:\\Windows\\evil.dll", "must be a name, not a path"),
    ("sub/dir.txt", "must be a name, not a path"),
    ("..", "must be a name, not a path"),
    ("evil\x00.txt.png", "control characters"),
    ("line\nbreak.txt", "control characters"),
    ("a" * 300 + ".txt", "too long (at most 255 characters)"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_file_names_are_refused_not_renamed(dirs, client_alice, name, message):
    status, payload = post_probe(client_alice, multipart(files=[("file", name, b"content")]))
    assert status == 417, payload
    assert message in server_message(payload)
    assert_nothing_stored(dirs)


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_names_from_python_callers_are_refused_too(dirs, user, name, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        save_uploaded_file(SimpleUploadedFile("x.txt", b"content"), file_name=name, user=user)
    assert_nothing_stored(dirs)


def test_a_1000_character_name_is_refused_by_the_parser_itself(dirs, user, client_alice):
    """Django's parser caps a part's headers at 1 KB, so such a name never reaches the file checks."""
    status, payload = post_probe(client_alice, multipart(files=[("file", "a" * 1000 + ".txt", b"content")]))
    assert status == 417
    assert server_message(payload) == "The form data could not be read: Request max total header size exceeded."
    with pytest.raises(ValidationError, match="too long"):
        save_uploaded_file(SimpleUploadedFile("x.txt", b"x"), file_name="a" * 1000 + ".txt", user=user)
    assert_nothing_stored(dirs)


def test_a_name_encoded_to_hide_its_slashes_is_refused(dirs, client_alice):
    body = multipart(files=[("file", "..&#47;..&#47;x.txt", b"content")])
    status, _ = post_probe(client_alice, body)
    assert status == 417
    assert_nothing_stored(dirs)


def test_a_good_upload_through_the_same_http_path(dirs, client_alice):
    status, payload = post_probe(client_alice, multipart({"is_private": "1"}, [("file", "ok.txt", b"fine")]))
    assert status == 200 and payload["message"]["file_url"] == "/private/files/ok.txt"
    assert dirs.stored() == ["private/files/ok.txt"]
