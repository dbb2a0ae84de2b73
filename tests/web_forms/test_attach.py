"""Attach fields: uploads through the files feature, stored privately and attached to the response."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from django_frappe_web import frappe
from django_frappe_web.exceptions import DoesNotExistError
from django_frappe_web.files.uploads import save_uploaded_file
from django_frappe_web.models import File
from django_frappe_web.web_forms.accept import accept
from tests.testapp.models import Article

from .conftest import VALID_ARTICLE, field_errors

pytestmark = pytest.mark.django_db

ATTACH_FIELDS = ["title", "slug", {"fieldname": "body", "fieldtype": "Attach", "label": "CV"}]


@pytest.fixture
def storage(tmp_path, settings):
    """Public and private files under ``tmp_path``; returns a function listing what is stored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FRAPPE_WEB = {"PRIVATE_FILES_ROOT": str(tmp_path / "private")}

    def stored() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in Path(tmp_path).rglob("*") if p.is_file())

    return stored


@pytest.fixture
def cv_form(make_form, storage):
    return make_form("jobs", fields=ATTACH_FIELDS, login_required=True, allow_edit=True, allow_delete=True)


def pdf(name="cv.pdf", content=b"%PDF-1.4 my cv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_form_takes_a_file(client_alice, cv_form):
    html = client_alice.get("/jobs/new").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<input type="file" name="body" id="id_body">' in html


def test_an_upload_is_stored_privately_and_attached(client_alice, user, cv_form, storage):
    response = client_alice.post("/jobs/new", {**VALID_ARTICLE, "body": pdf()})
    assert response.status_code == 200, field_errors(response)
    article = Article.objects.get()
    row = File.objects.get()
    assert article.body == row.file_url and row.file_url.startswith("/private/files/cv")
    assert (row.is_private, row.owner, row.attached_to_doctype, row.attached_to_name, row.attached_to_field) == (
        True, user, "Article", "hello", "body")
    assert len(storage()) == 1 and storage()[0].startswith("private/")
    assert client_alice.get(row.file_url).status_code == 200  # the owner may read it back


def test_a_mandatory_attachment(client_alice, cv_form):
    cv_form.fields.filter(fieldname="body").update(reqd=True)
    response = client_alice.post("/jobs/new", VALID_ARTICLE)
    assert field_errors(response) == {"body": ["This field is required."]}
    assert Article.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_while_it_streams_in(client_alice, cv_form, storage, settings, tmp_path):
    settings.FRAPPE_WEB = {"PRIVATE_FILES_ROOT": str(tmp_path / "private"), "MAX_FILE_SIZE": 5}
    response = client_alice.post("/jobs/new", {**VALID_ARTICLE, "body": pdf()})
    assert response.status_code == 413
    assert "File size exceeded" in response.content.decode()
    assert (Article.objects.count(), File.objects.count(), storage()) == (0, 0, [])


def test_a_file_over_the_size_limit_after_csrf_parsing_is_shown_on_the_field(user, cv_form, storage, settings,
                                                                              tmp_path):
    from django.test import Client

    settings.FRAPPE_WEB = {"PRIVATE_FILES_ROOT": str(tmp_path / "private"), "MAX_FILE_SIZE": 5}
    client = Client(enforce_csrf_checks=True)  # the CSRF middleware parses the body before the form sees it
    client.force_login(user)
    client.get("/jobs/new")
    token = client.cookies["csrftoken"].value
    response = client.post("/jobs/new", {**VALID_ARTICLE, "body": pdf(), "csrfmiddlewaretoken": token})
    assert response.status_code == 413
    assert "File size exceeded" in field_errors(response)["body"][0]
    assert 'value="Hello"' in response.content.decode()  # what was typed is kept
    assert (Article.objects.count(), File.objects.count(), storage()) == (0, 0, [])


def test_a_refused_extension_is_shown_on_the_field(client_alice, cv_form, storage, settings, tmp_path):
    settings.FRAPPE_WEB = {"PRIVATE_FILES_ROOT": str(tmp_path / "private"), "ALLOWED_FILE_EXTENSIONS": ["pdf"]}
    response = client_alice.post("/jobs/new", {**VALID_ARTICLE, "body": pdf("run.exe", b"MZ")})
    assert response.status_code == 417
    assert "exe" in field_errors(response)["body"][0]
    assert (Article.objects.count(), File.objects.count(), storage()) == (0, 0, [])


def test_a_model_error_after_the_upload_keeps_no_file(client_alice, cv_form, storage):
    Article.objects.create(title="Taken", slug="hello")
    response = client_alice.post("/jobs/new", {**VALID_ARTICLE, "body": pdf()})
    assert response.status_code == 409
    assert (Article.objects.count(), File.objects.count(), storage()) == (1, 0, [])


def test_an_invalid_form_uploads_nothing(client_alice, cv_form, storage):
    response = client_alice.post("/jobs/new", {"title": "", "slug": "x", "body": pdf()})
    assert response.status_code == 417
    assert (File.objects.count(), storage()) == (0, [])


def test_editing_keeps_replaces_or_clears_the_attachment(client_alice, user, cv_form, storage):
    client_alice.post("/jobs/new", {**VALID_ARTICLE, "body": pdf()})
    first = Article.objects.get().body
    html = client_alice.get("/jobs/hello/edit").content.decode()
    assert f'href="{first}"' in html  # "Currently: ..." with the stored file

    client_alice.post("/jobs/hello/edit", {**VALID_ARTICLE, "title": "Kept"})
    assert Article.objects.get().body == first

    client_alice.post("/jobs/hello/edit", {**VALID_ARTICLE, "body": pdf("new.pdf", b"%PDF-1.4 newer")})
    second = Article.objects.get().body
    assert second != first and second.startswith("/private/files/new")
    assert list(File.objects.values_list("file_url", flat=True)) == [second]

    client_alice.post("/jobs/hello/edit", {**VALID_ARTICLE, "body-clear": "on"})
    assert Article.objects.get().body == ""
    assert File.objects.count() == 0


def test_deleting_the_response_deletes_its_attachment(client_alice, cv_form, django_capture_on_commit_callbacks,
                                                      storage):
    client_alice.post("/jobs/new", {**VALID_ARTICLE, "body": pdf()})
    with django_capture_on_commit_callbacks(execute=True):
        client_alice.post("/jobs/hello/delete")
    assert (Article.objects.count(), File.objects.count(), storage()) == (0, 0, [])


def test_the_api_attaches_a_file_the_caller_uploaded_first(cv_form, user, storage):
    with frappe.init(user="alice"):
        uploaded = save_uploaded_file(pdf(), is_private=True)
        result = accept(web_form="jobs", data={**VALID_ARTICLE, "body": uploaded.file_url})
    attached = File.objects.get(attached_to_name="hello")
    assert result["body"] == attached.file_url == Article.objects.get().body
    assert attached.attached_to_field == "body"


def test_the_api_refuses_files_the_caller_may_not_read(cv_form, user, other_user, storage):
    with frappe.init(user="bob"):
        bobs = save_uploaded_file(pdf(), is_private=True)
    with frappe.init(user="alice"), pytest.raises(DoesNotExistError, match="not found"):
        accept(web_form="jobs", data={**VALID_ARTICLE, "body": bobs.file_url})
    assert Article.objects.count() == 0
    assert File.objects.count() == 1
