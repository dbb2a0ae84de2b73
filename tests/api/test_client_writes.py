"""frappe.client.save, bulk_update and attach_file: whole documents, rows on their own, base64 files."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest

from django_frappe_web.api.bulk import MAX_BULK_ROWS
from django_frappe_web.models import File
from tests.testapp.models import Article, Category, Invoice

from .conftest import assert_frappe_error, grant

pytestmark = pytest.mark.django_db
C = "/api/method/frappe.client"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "PRIVATE_FILES_ROOT": str(tmp_path / "private")}


# -- save ------------------------------------------------------------------------------------


def test_save_updates_an_existing_document_and_keeps_fields_not_sent(admin_api, articles):
    response = admin_api.post_json(f"{C}.save", {"doc": {"doctype": "Article", "name": "a1", "title": "Saved"}})
    assert response.status_code == 200
    assert response.json()["message"]["title"] == "Saved" and response.json()["message"]["views"] == 10
    assert Article.objects.get(slug="a1").title == "Saved"


def test_save_inserts_a_document_without_a_name_or_marked_islocal(admin_api, categories):
    new = admin_api.post(f"{C}.save", {"doc": json.dumps({"doctype": "Article", "title": "T", "slug": "t"})})
    assert new.json()["message"]["name"] == "t"
    local = admin_api.post_json(f"{C}.save", {"doc": {"doctype": "Category", "name": "Fresh", "__islocal": 1}})
    assert local.json()["message"]["name"] == "Fresh" and Category.objects.filter(name="Fresh").exists()


@pytest.mark.parametrize("doc, status, exc_type", [
    ({"doctype": "Article", "name": "zz", "title": "x"}, 404, "DoesNotExistError"),
    ({"doctype": "Nope", "name": "x"}, 404, "DoesNotExistError"),
    ({"name": "a1"}, 417, "ValidationError"),
    ("{not json", 417, "ValidationError"),
    ({"doctype": "Article", "name": "a1", "views": "many"}, 417, "ValidationError"),
])
def test_save_refusals_change_nothing(admin_api, articles, db_snapshot, doc, status, exc_type):
    before = db_snapshot()
    assert_frappe_error(admin_api.post_json(f"{C}.save", {"doc": doc}), status, exc_type)
    assert db_snapshot() == before


def test_save_needs_write_or_create_permission(user, alice_api, articles, db_snapshot):
    grant(user, "view_article")
    before = db_snapshot()
    assert_frappe_error(alice_api.post_json(f"{C}.save", {"doc": {"doctype": "Article", "name": "a1", "title": "x"}}),
                        403, "PermissionError")
    assert_frappe_error(alice_api.post_json(f"{C}.save", {"doc": {"doctype": "Article", "title": "x", "slug": "x"}}),
                        403, "PermissionError")
    assert db_snapshot() == before


# -- bulk_update -----------------------------------------------------------------------------


def test_bulk_update_saves_good_rows_and_reports_the_others_as_failed_docs(user, alice_api, articles, note):
    grant(user, "view_article", "change_article")
    docs = [{"doctype": "Article", "docname": "a1", "title": "One"},
            {"doctype": "Note", "docname": str(note.pk), "title": "forbidden"},
            {"doctype": "Article", "docname": "a2", "views": "not a number"},
            {"doctype": "Article", "docname": "missing", "title": "x"},
            {"doctype": "Article", "docname": "a3", "title": "Three"}]
    response = alice_api.post(f"{C}.bulk_update", {"docs": json.dumps(docs)})
    assert response.status_code == 200
    failed = response.json()["message"]["failed_docs"]
    assert [row["doc"] for row in failed] == docs[1:4]
    assert [row["exc"].split(":")[0] for row in failed] == ["PermissionError", "ValidationError", "DoesNotExistError"]
    assert "Traceback" not in response.content.decode()
    assert Article.objects.get(slug="a1").title == "One" and Article.objects.get(slug="a3").title == "Three"
    assert Article.objects.get(slug="a2").views == 20
    note.refresh_from_db()
    assert note.title == "Private"


def test_bulk_update_row_that_fails_midway_leaves_nothing_of_itself(admin_api, articles):
    """A rename clash fails at the database: that row's savepoint is undone, the next row still saves."""
    docs = [{"doctype": "Article", "name": "a1", "title": "Clash", "slug": "a2"},
            {"doctype": "Article", "name": "a3", "title": "Fine"}]
    response = admin_api.post_json(f"{C}.bulk_update", {"docs": docs})
    assert response.json()["message"]["failed_docs"][0]["exc"].startswith("DuplicateEntryError")
    assert Article.objects.get(slug="a1").title == "First"
    assert Article.objects.get(slug="a3").title == "Fine"


@pytest.mark.parametrize("docs, text", [
    ("not json", "docs must be JSON"),
    ('{"doctype": "Article"}', "must be a JSON list"),
    (json.dumps([{"doctype": "Article", "docname": "a1", "views": 1}] * 10_000), f"At most {MAX_BULK_ROWS}"),
])
def test_bulk_update_bad_lists_are_refused_before_any_row(admin_api, articles, db_snapshot, docs, text):
    before = db_snapshot()
    assert_frappe_error(admin_api.post(f"{C}.bulk_update", {"docs": docs}), 417, "ValidationError", text)
    assert db_snapshot() == before


def test_bulk_update_rows_name_their_document_by_docname_else_name(admin_api, articles):
    docs = [{"doctype": "Article", "docname": "a1", "name": "a2", "title": "By docname"},
            {"doctype": "Article", "name": "a3", "title": "By name", "flags": {}},
            {"doctype": "Article", "title": "No name"}]
    failed = admin_api.post_json(f"{C}.bulk_update", {"docs": docs}).json()["message"]["failed_docs"]
    assert [row["exc"] for row in failed] == ["ValidationError: name must be a string or an integer"]
    assert list(Article.objects.filter(slug__in=["a1", "a2", "a3"]).order_by("slug").values_list("title", flat=True)) \
        == ["By docname", "Second", "By name"]


def test_bulk_update_rows_that_are_not_objects_are_failed_docs(admin_api, articles):
    response = admin_api.post_json(f"{C}.bulk_update", {"docs": ["a1", 3, None]})
    assert len(response.json()["message"]["failed_docs"]) == 3


@pytest.mark.parametrize("docstatus", [0, 1])
def test_save_sends_back_a_document_as_it_was_read_with_decimals_a_float_cannot_hold(admin_api, docstatus):
    Invoice.objects.create(number="INV-1", customer="Acme", amount=Decimal("0.10"), docstatus=docstatus)
    doc = admin_api.get(f"{C}.get", {"doctype": "Invoice", "name": "INV-1"}).json()["message"]
    assert doc["amount"] == 0.1  # decimals go out as JSON numbers, as Frappe sends them
    response = admin_api.post_json(f"{C}.save", {"doc": {**doc, "remarks": "checked"}})
    assert response.status_code == 200, response.content[:300]
    assert Invoice.objects.values_list("amount", "remarks").get() == (Decimal("0.10"), "checked")


def test_a_json_number_for_a_decimal_field_is_the_number_written(admin_api, articles):
    response = admin_api.post_json("/api/resource/Invoice", {"number": "INV-2", "customer": "B", "amount": 0.3})
    assert response.status_code == 200, response.content[:300]
    assert admin_api.put_json("/api/resource/Article/a1", {"rating": 4.3}).status_code == 200
    assert Invoice.objects.get().amount == Decimal("0.30") and Article.objects.get(slug="a1").rating == Decimal("4.3")
    assert_frappe_error(admin_api.put_json("/api/resource/Article/a1", {"rating": 4.25}), 417, "ValidationError",
                        "decimal place")


# -- attach_file -----------------------------------------------------------------------------


def test_attach_file_stores_base64_content_on_a_document_field(admin_api, articles, media):
    data = base64.b64encode(b"hello attachment").decode()
    response = admin_api.post(f"{C}.attach_file", {"filename": "hello.txt", "filedata": data, "doctype": "Article",
                                                   "docname": "a1", "docfield": "body", "decode_base64": "1",
                                                   "is_private": "1"})
    assert response.status_code == 200, response.content
    message = response.json()["message"]
    assert message["file_url"] == "/private/files/hello.txt" and message["is_private"] == 1
    assert message["attached_to_name"] == "a1" and message["attached_to_field"] == "body"
    row = File.objects.get(pk=message["name"])
    assert row.file.read() == b"hello attachment"
    assert Article.objects.get(slug="a1").body == "/private/files/hello.txt"


def test_attach_file_without_decode_stores_the_text(admin_api, articles, media):
    response = admin_api.post(f"{C}.attach_file", {"filename": "plain.txt", "filedata": "as text",
                                                   "doctype": "Article", "docname": "a2"})
    assert File.objects.get(pk=response.json()["message"]["name"]).file.read() == b"as text"


@pytest.mark.parametrize("args, status, exc_type", [
    ({"filename": "x.txt", "filedata": "!!!", "decode_base64": 1}, 417, "ValidationError"),
    ({"filename": "a" * 300 + ".txt", "filedata": "aGk=", "decode_base64": 1}, 417, "InvalidFileName"),
    ({"filename": "../x.txt", "filedata": "aGk=", "decode_base64": 1}, 417, "InvalidFileName"),
    ({"filename": "x.txt", "filedata": "aGk=", "docname": "missing"}, 404, "DoesNotExistError"),
    ({"filename": "x.txt", "filedata": "aGk=", "docfield": "nope"}, 417, "ValidationError"),
    ({"filename": "x.txt", "filedata": "aGk=", "docfield": "views"}, 417, "ValidationError"),
    ({"filename": "x.txt", "filedata": "aGk=", "docfield": "owner"}, 417, "ValidationError"),
    ({"filename": "x.txt", "filedata": "aGk=", "doctype": "Nope"}, 404, "DoesNotExistError"),
    ({"filename": "x.txt"}, 417, "ValidationError"),
    ({"filedata": "aGk="}, 417, "ValidationError"),
])
def test_attach_file_refusals_store_nothing(admin_api, articles, media, settings, args, status, exc_type):
    body = {"doctype": "Article", "docname": "a1", **args}
    assert_frappe_error(admin_api.post(f"{C}.attach_file", body), status, exc_type)
    assert not File.objects.exists()
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.txt")))


def test_attach_file_a_document_refusing_the_url_in_its_field_keeps_no_file(admin_api, media, settings):
    Invoice.objects.create(number="INV-1", customer="Acme", docstatus=1)  # customer may not change once submitted
    body = {"filename": "x.txt", "filedata": "hi", "doctype": "Invoice", "docname": "INV-1", "docfield": "customer"}
    assert_frappe_error(admin_api.post(f"{C}.attach_file", body), 417, "UpdateAfterSubmitError")
    assert not File.objects.exists() and Invoice.objects.get().customer == "Acme"
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.txt")))


def test_attach_file_a_refused_field_keeps_the_file_an_earlier_upload_shares(admin_api, media, settings):
    Invoice.objects.create(number="INV-1", customer="Acme", docstatus=1)
    first = admin_api.post(f"{C}.attach_file", {"filename": "x.txt", "filedata": "hi", "doctype": "Invoice",
                                                "docname": "INV-1"}).json()["message"]
    body = {"filename": "x.txt", "filedata": "hi", "doctype": "Invoice", "docname": "INV-1", "docfield": "customer"}
    assert admin_api.post(f"{C}.attach_file", body).status_code == 417
    assert File.objects.get().file.read() == b"hi" and File.objects.get().file_url == first["file_url"]


def test_attach_file_over_the_size_limit_is_413(admin_api, articles, media, settings):
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "MAX_FILE_SIZE": 10}
    data = base64.b64encode(b"x" * 100).decode()
    response = admin_api.post(f"{C}.attach_file", {"filename": "big.txt", "filedata": data, "decode_base64": 1,
                                                   "doctype": "Article", "docname": "a1"})
    assert response.status_code == 413 and not File.objects.exists()


def test_attach_file_needs_write_permission_and_post(user, alice_api, admin_api, articles, media):
    grant(user, "view_article")
    body = {"filename": "x.txt", "filedata": "hi", "doctype": "Article", "docname": "a1"}
    assert_frappe_error(alice_api.post(f"{C}.attach_file", body), 403, "PermissionError")
    assert admin_api.get(f"{C}.attach_file", body).status_code == 405
    assert not File.objects.exists()


def test_save_of_a_document_modified_since_it_was_read_is_refused(admin_api, articles, db_snapshot):
    read = admin_api.get("/api/resource/Article/a1").json()["data"]
    assert admin_api.post_json(f"{C}.save", {"doc": {**read, "title": "First save"}}).status_code == 200
    before = db_snapshot()
    stale = admin_api.post_json(f"{C}.save", {"doc": {**read, "title": "Lost update"}})
    assert_frappe_error(stale, 417, "TimestampMismatchError", "modified after you read it")
    assert db_snapshot() == before
