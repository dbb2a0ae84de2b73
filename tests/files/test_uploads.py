"""``upload_file`` and ``save_uploaded_file``: storing, naming, deduplicating, attaching."""

from __future__ import annotations

import hashlib
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from django_frappe_web.exceptions import DoesNotExistError, PermissionError, ValidationError
from django_frappe_web.files.uploads import attach_file_url, save_uploaded_file
from django_frappe_web.models import File

from .conftest import call_upload, upload


def test_upload_file_stores_a_public_file_and_answers_the_file_document(dirs, user):
    message = call_upload(user, {"folder": "Home/Docs"}, [("file", "hello.txt", b"hello world")])

    row = File.objects.get()
    assert message == {
        "doctype": "File", "name": row.pk, "file_name": "hello.txt", "file_url": "/files/hello.txt",
        "is_private": 0, "folder": "Home/Docs", "attached_to_doctype": None, "attached_to_name": None,
        "attached_to_field": None, "owner": "alice", "file_size": 11,
        "content_hash": hashlib.sha256(b"hello world").hexdigest(),
        "creation": message["creation"], "modified": message["modified"],
    }
    assert len(message["creation"]) == len("2024-01-01 00:00:00.000000")
    assert row.file.name == "files/hello.txt" and row.owner == user
    assert dirs.stored() == ["media/files/hello.txt"]
    assert (dirs.public / "hello.txt").read_bytes() == b"hello world"


@pytest.mark.parametrize("flag", ["1", "TRUE", "true", "on"])
def test_is_private_stores_outside_media_root(dirs, user, flag):
    message = call_upload(user, {"is_private": flag}, [("file", "secret.pdf", b"%PDF secret")])
    assert message["is_private"] == 1 and message["file_url"] == "/private/files/secret.pdf"
    assert dirs.stored() == ["private/files/secret.pdf"]


@pytest.mark.parametrize("flag", ["0", "", "false"])
def test_is_private_off(dirs, user, flag):
    assert call_upload(user, {"is_private": flag}, [("file", "a.txt", b"a")])["is_private"] == 0


def test_attach_to_a_document_the_user_may_write(dirs, user, article, grant):
    alice = grant(user, "change_article")
    message = call_upload(alice, {"doctype": "Article", "docname": "hello", "fieldname": "body", "is_private": "1"},
                          [("file", "notes.txt", b"notes")])
    assert (message["attached_to_doctype"], message["attached_to_name"], message["attached_to_field"]) == (
        "Article", "hello", "body")
    assert File.objects.get().attached_to_name == "hello"


def test_identical_content_is_stored_once(dirs, user, other_user):
    first = upload(b"same bytes", "one.txt", user=user)
    second = upload(b"same bytes", "two.txt", user=other_user)
    assert second.file_url == first.file_url == "/files/one.txt"
    assert (second.file_name, second.content_hash) == ("two.txt", first.content_hash)
    assert File.objects.count() == 2 and dirs.stored() == ["media/files/one.txt"]


def test_private_duplicates_are_shared_only_between_one_owners_files(dirs, user, other_user):
    mine = upload(b"private bytes", "mine.txt", user=user, is_private=True)
    again = upload(b"private bytes", "again.txt", user=user, is_private=True)
    theirs = upload(b"private bytes", "theirs.txt", user=other_user, is_private=True)
    assert again.file_url == mine.file_url
    assert theirs.file_url == "/private/files/theirs.txt"  # not a URL that names alice's file
    assert dirs.stored() == ["private/files/mine.txt", "private/files/theirs.txt"]


def test_a_duplicate_whose_stored_file_is_gone_is_not_reused(dirs, user):
    first = upload(b"content", "a.txt", user=user)
    (dirs.public / "a.txt").unlink()
    second = upload(b"content", "a.txt", user=user)
    assert second.file_url == first.file_url  # same name is free again
    assert (dirs.public / "a.txt").read_bytes() == b"content"


def test_a_taken_name_gets_frappes_hash_suffix(dirs, user):
    upload(b"first", "report.pdf", user=user)
    second = upload(b"second", "report.pdf", user=user)
    digest = hashlib.sha256(b"second").hexdigest()
    assert second.file_url == f"/files/report-{digest[:6]}.pdf"
    assert second.file_name == "report.pdf"


def test_names_are_sanitised_for_storage_and_kept_for_display(dirs, user):
    row = upload(b"x", "My report (final) é.pdf", user=user)
    assert row.file_name == "My report (final) é.pdf"
    assert row.file_url == "/files/My_report_final_é.pdf"


@pytest.mark.parametrize("name", ["@@", "#", "$%.", "()"])
def test_a_name_without_any_safe_character_is_stored_as_file(dirs, user, name):
    row = upload(b"x", name, user=user)
    assert row.file_name == name and row.file_url == "/files/file"


@pytest.mark.parametrize("name", ["a" * 251 + ".txt", "é" * 200 + ".txt", "b" * 255])
def test_long_names_fit_the_file_system_also_when_taken(dirs, user, name):
    """255 characters are allowed; the stored name stays under the 255-byte limit of file systems,
    with room for the hash suffix a taken name gets (here the second upload)."""
    first = upload(b"one", name, user=user)
    second = upload(b"two", name, user=user)
    assert first.file_name == second.file_name == name
    for row in (first, second):
        stored = row.file.name.rsplit("/", 1)[-1]
        assert len(stored.encode()) <= 255 and stored.endswith(".txt") == name.endswith(".txt")
    assert first.file.name != second.file.name and len(dirs.stored()) == 2


def test_large_uploads_past_djangos_memory_limits_are_fine(dirs, user, settings):
    """A 3 MB file is over DATA_UPLOAD_MAX_MEMORY_SIZE and FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB each):
    file parts do not count towards the first, and the second sends it to a temporary file."""
    content = b"x" * (3 * 1024 * 1024)
    message = call_upload(user, {"is_private": "1"}, [("file", "big.bin", content)])
    assert message["file_size"] == len(content)
    assert (dirs.private / "big.bin").stat().st_size == len(content)
    assert list(dirs.upload_tmp.iterdir()) == []  # the temporary file was moved, not copied


def test_no_file_and_no_url_is_417(dirs, user):
    with pytest.raises(ValidationError, match="No file attached"):
        call_upload(user, {"is_private": "1"})
    assert File.objects.count() == 0


# -- attaching: permission and target ---------------------------------------------------------


def test_attaching_to_a_document_the_user_cannot_write_is_403_and_stores_nothing(dirs, user, article):
    with pytest.raises(PermissionError, match="Not permitted to attach files to Article hello"):
        call_upload(user, {"doctype": "Article", "docname": "hello"}, [("file", "x.txt", b"x")])
    assert File.objects.count() == 0 and dirs.stored() == []


@pytest.mark.parametrize(("fields", "error", "message"), [
    ({"doctype": "Nope", "docname": "x"}, DoesNotExistError, "DocType Nope not found"),
    ({"doctype": "Article", "docname": "missing"}, DoesNotExistError, "Article missing not found"),
    ({"doctype": "Article"}, ValidationError, "must be given together"),
    ({"docname": "hello"}, ValidationError, "must be given together"),
    ({"fieldname": "body"}, ValidationError, "fieldname needs a doctype"),
    ({"doctype": "Article", "docname": "hello", "fieldname": "nope"}, ValidationError, "nope is not a field"),
])
def test_bad_attachment_targets_store_nothing(dirs, superuser, article, fields, error, message):
    with pytest.raises(error, match=message):
        call_upload(superuser, fields, [("file", "x.txt", b"x")])
    assert File.objects.count() == 0 and dirs.stored() == []


def test_guests_may_not_upload_unless_the_caller_decides_so(dirs, article):
    with pytest.raises(PermissionError, match="Log in to upload files"):
        upload(user=AnonymousUser())
    assert dirs.stored() == []
    row = upload(user=AnonymousUser(), doctype="Article", docname="hello", ignore_permissions=True)
    assert row.owner is None and row.attached_to_name == "hello"


def test_a_failed_row_save_removes_the_stored_file(dirs, user):
    with mock.patch.object(File, "save", side_effect=RuntimeError("database down")), \
            pytest.raises(RuntimeError):
        upload(b"data", "lost.txt", user=user)
    assert dirs.stored() == []


def test_save_uploaded_file_takes_an_explicit_display_name(dirs, user):
    row = save_uploaded_file(SimpleUploadedFile("blob", b"data"), file_name="named.txt", user=user)
    assert row.file_name == "named.txt" and row.file_url == "/files/named.txt"


# -- file_url ------------------------------------------------------------------------------


def test_file_url_to_a_remote_file_makes_a_link_row(dirs, user):
    message = call_upload(user, {"file_url": "https://example.com/a/report.pdf"})
    assert message["file_url"] == "https://example.com/a/report.pdf"
    assert message["file_name"] == "report.pdf" and message["file_size"] == 0
    assert File.objects.get().file.name == "" and dirs.stored() == []


def test_file_url_to_a_remote_file_is_kept_as_sent(dirs, user):
    """A remote URL is stored as given (percent-encoding included); its name is shown decoded."""
    message = call_upload(user, {"file_url": "https://example.com/a/my%20report%3F.pdf?x=1%262"})
    assert message["file_url"] == "https://example.com/a/my%20report%3F.pdf?x=1%262"
    assert message["file_name"] == "my report?.pdf"


def test_file_url_to_a_stored_file_shares_it(dirs, user, other_user):
    original = upload(b"shared", "shared.txt", user=user)
    row = attach_file_url("/files/shared.txt", user=other_user)
    assert (row.file.name, row.content_hash, row.file_size) == (original.file.name, original.content_hash, 6)
    assert dirs.stored() == ["media/files/shared.txt"]


def test_file_url_to_someone_elses_private_file_is_404(dirs, user, other_user):
    upload(b"alice only", "alice.txt", user=user, is_private=True)
    with pytest.raises(DoesNotExistError):
        attach_file_url("/private/files/alice.txt", user=other_user)
    mine = attach_file_url("/private/files/alice.txt", user=user)
    assert mine.is_private and File.objects.count() == 2


@pytest.mark.parametrize("url", [
    "/files/../settings.py", "/private/files/../../etc/passwd", "javascript:alert(1)", "/etc/passwd",
    "https://example.com/a b", "https://example.com/\x00", "/files/" + "a" * 1000,
])
def test_bad_file_urls_are_refused(dirs, user, url):
    with pytest.raises(ValidationError):
        attach_file_url(url, user=user)
    assert File.objects.count() == 0
