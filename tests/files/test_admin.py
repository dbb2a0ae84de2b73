"""``File`` in the Django admin: the list, its filters, uploads through the same checks."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from django_frappe_web.models import File

from .conftest import upload

ADD = "/admin/django_frappe_web/file/add/"
LIST = "/admin/django_frappe_web/file/"


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def add(client, content=b"from the admin", name="admin.txt", **fields):
    data = {"upload": SimpleUploadedFile(name, content), "folder": "Home", "attached_to_doctype": "",
            "attached_to_name": "", "attached_to_field": "", **fields}
    return client.post(ADD, data)


def test_upload_from_the_admin_is_stored_like_any_upload(dirs, admin_client, superuser):
    response = add(admin_client, is_private="on")
    assert response.status_code == 302, response.content.decode()[:2000]
    row = File.objects.get()
    assert (row.file_name, row.file_url, row.is_private, row.owner) == (
        "admin.txt", "/private/files/admin.txt", True, superuser)
    assert row.file_size == 14 and len(row.content_hash) == 64
    assert dirs.stored() == ["private/files/admin.txt"]


def test_admin_uploads_are_deduplicated(dirs, admin_client, user):
    upload(b"from the admin", "first.txt", user=user)
    assert add(admin_client).status_code == 302
    assert set(File.objects.values_list("file_url", flat=True)) == {"/files/first.txt"}


@pytest.mark.parametrize(("settings_", "name", "content", "message"), [
    ({"MAX_FILE_SIZE": 5}, "big.txt", b"too big", "File size exceeded the maximum allowed size of 5 bytes"),
    ({"ALLOWED_FILE_EXTENSIONS": ["pdf"]}, "x.exe", b"MZ", ".exe files are not allowed"),
])
def test_admin_uploads_are_validated(dirs, file_settings, admin_client, settings_, name, content, message):
    file_settings(**settings_)
    response = add(admin_client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert File.objects.count() == 0 and dirs.stored() == []


def test_a_bad_folder_is_a_form_error_not_an_error_page(dirs, admin_client):
    response = add(admin_client, folder="Home\tEvil")
    assert response.status_code == 200
    assert "The folder must be a name" in response.content.decode()
    assert File.objects.count() == 0 and dirs.stored() == []


def test_admin_attachment_needs_write_permission_on_the_document(dirs, staff_user, article, grant):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(*Permission.objects.filter(codename__in=["add_file", "view_file"]))
    client = Client()
    client.force_login(staff_user)
    response = add(client, attached_to_doctype="Article", attached_to_name="hello")
    assert response.status_code == 200 and "Not permitted to attach files to Article hello" in response.content.decode()
    assert File.objects.count() == 0 and dirs.stored() == []
    grant(staff_user, "change_article")
    assert add(client, attached_to_doctype="Article", attached_to_name="hello").status_code == 302
    assert File.objects.get().attached_to_name == "hello"


def test_the_list_filters_by_attached_doctype_and_private_flag(dirs, admin_client, user, article):
    upload(b"a", "attached.txt", user=user, doctype="Article", docname="hello", ignore_permissions=True)
    upload(b"b", "private.txt", user=user, is_private=True)
    page = admin_client.get(LIST).content.decode()
    assert "attached.txt" in page and "private.txt" in page
    page = admin_client.get(LIST, {"attached_to_doctype": "Article"}).content.decode()
    assert "attached.txt" in page and "private.txt" not in page
    page = admin_client.get(LIST, {"is_private__exact": "1"}).content.decode()
    assert "private.txt" in page and "attached.txt" not in page


def test_unticking_private_moves_the_file_to_public_storage(dirs, admin_client, user, django_capture_on_commit_callbacks):
    row = upload(b"going public", "doc.txt", user=user, is_private=True)
    change = f"/admin/django_frappe_web/file/{row.pk}/change/"
    assert "/private/files/doc.txt" in admin_client.get(change).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, {"folder": "Home", "attached_to_doctype": "", "attached_to_name": "",
                                              "attached_to_field": ""})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.is_private, row.file_url) == (False, "/files/doc.txt")
    assert dirs.stored() == ["media/files/doc.txt"]
    assert Client().get("/files/doc.txt").status_code == 200


def test_making_a_shared_public_file_private_copies_it(dirs, admin_client, user, other_user,
                                                       django_capture_on_commit_callbacks):
    mine = upload(b"shared", "shared.txt", user=user)
    upload(b"shared", "theirs.txt", user=other_user)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/django_frappe_web/file/{mine.pk}/change/",
                          {"is_private": "on", "folder": "Home", "attached_to_doctype": "", "attached_to_name": "",
                           "attached_to_field": ""})
    mine.refresh_from_db()
    assert mine.file_url == "/private/files/shared.txt"
    assert dirs.stored() == ["media/files/shared.txt", "private/files/shared.txt"]


def test_deleting_in_the_admin_removes_the_stored_file(dirs, admin_client, user, django_capture_on_commit_callbacks):
    row = upload(b"delete me", "gone.txt", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/django_frappe_web/file/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and dirs.stored() == []
