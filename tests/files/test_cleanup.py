"""Deleting documents and File rows, and ``manage.py find_orphaned_files``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from django_frappe_web import frappe
from django_frappe_web.files.cleanup import find_orphaned_files
from django_frappe_web.models import File
from tests.testapp.models import Article, Note

from .conftest import upload


@pytest.fixture
def attached(dirs, user, article):
    return [
        upload(b"public attachment", "pub.txt", user=user, doctype="Article", docname="hello", ignore_permissions=True),
        upload(b"private attachment", "priv.txt", user=user, is_private=True, doctype="Article", docname="hello",
               ignore_permissions=True),
    ]


def test_deleting_a_file_row_removes_its_stored_file_after_commit(dirs, user, django_capture_on_commit_callbacks):
    row = upload(b"bye", "bye.txt", user=user, is_private=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row.delete()
        assert dirs.stored() == ["private/files/bye.txt"]  # still there until the commit
    assert len(callbacks) == 1 and dirs.stored() == []


def test_a_rolled_back_delete_keeps_the_file(dirs, user, django_capture_on_commit_callbacks):
    row = upload(b"keep", "keep.txt", user=user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                row.delete()
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == [] and File.objects.count() == 1 and dirs.stored() == ["media/files/keep.txt"]


def test_a_shared_stored_file_stays_until_its_last_row_goes(dirs, user, other_user, django_capture_on_commit_callbacks):
    first = upload(b"same", "one.txt", user=user)
    second = upload(b"same", "two.txt", user=other_user)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert dirs.stored() == ["media/files/one.txt"]
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert dirs.stored() == []


def test_a_remote_link_row_deletes_nothing(dirs, user, django_capture_on_commit_callbacks):
    upload(b"stays", "stays.txt", user=user)
    link = File.objects.create(file_url="https://example.com/x.pdf", file_name="x.pdf", owner=user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        link.delete()
    assert callbacks == [] and dirs.stored() == ["media/files/stays.txt"]


def test_deleting_a_document_deletes_its_attachments(dirs, article, attached, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert File.objects.count() == 0 and dirs.stored() == []


def test_document_api_and_bulk_deletes_take_attachments_along(dirs, user, superuser, article, attached,
                                                               django_capture_on_commit_callbacks):
    Article.objects.create(title="Other", slug="other")
    upload(b"other's", "other.txt", user=user, doctype="Article", docname="other", ignore_permissions=True)
    with django_capture_on_commit_callbacks(execute=True):
        with frappe.init(user=superuser):
            frappe.get_doc("Article", "hello").delete()
        assert sorted(File.objects.values_list("file_name", flat=True)) == ["other.txt"]
        Article.objects.all().delete()
    assert File.objects.count() == 0 and dirs.stored() == []


def test_other_documents_and_unattached_files_are_untouched(dirs, user, article, attached,
                                                            django_capture_on_commit_callbacks):
    note = Note.objects.create(title="n")
    loose = upload(b"loose", "loose.txt", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        note.delete()
    assert File.objects.count() == 3
    assert dirs.stored() == ["media/files/loose.txt", "media/files/pub.txt", "private/files/priv.txt"]
    assert File.objects.filter(pk=loose.pk).exists()


# -- orphans ---------------------------------------------------------------------------------


def make_orphans(dirs) -> None:
    (dirs.public / "sub").mkdir(parents=True, exist_ok=True)
    (dirs.public / "sub" / "stray.txt").write_text("stray")
    (dirs.private / "left-behind.pdf").write_text("left")
    (dirs.media / "avatar.png").write_text("not ours: outside files/")


def test_find_orphaned_files_lists_stored_files_without_rows(dirs, user):
    upload(b"kept", "kept.txt", user=user)
    upload(b"kept private", "kept.txt", user=user, is_private=True)
    make_orphans(dirs)
    assert find_orphaned_files() == ["files/sub/stray.txt", "private/files/left-behind.pdf"]


def test_the_command_lists_then_deletes(dirs, user):
    upload(b"kept", "kept.txt", user=user)
    make_orphans(dirs)
    out = StringIO()
    call_command("find_orphaned_files", stdout=out)
    assert out.getvalue().splitlines() == [
        "orphaned: files/sub/stray.txt", "orphaned: private/files/left-behind.pdf", "Found 2 orphaned file(s).",
    ]
    assert len(dirs.stored()) == 4

    out = StringIO()
    call_command("find_orphaned_files", "--delete", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Deleted 2 orphaned file(s)."
    assert dirs.stored() == ["media/avatar.png", "media/files/kept.txt"]


def test_no_folders_yet_means_no_orphans(dirs):
    assert find_orphaned_files() == []
