"""Submittable doctypes through the API: frappe.client.submit/cancel, v1 PUT docstatus, v2 /method/submit."""

from __future__ import annotations

import json

import pytest

from tests.testapp.models import Invoice

from .conftest import assert_frappe_error, grant

pytestmark = pytest.mark.django_db
C = "/api/method/frappe.client"


@pytest.fixture
def draft(db):
    return Invoice.objects.create(number="INV-1", customer="Acme", amount=10)


def rows():
    return list(Invoice.objects.order_by("pk").values())


def test_frappe_client_submit_takes_the_document_as_json_and_saves_its_fields(admin_api, draft):
    doc = admin_api.get(f"{C}.get", {"doctype": "Invoice", "name": "INV-1"}).json()["message"]
    assert doc["docstatus"] == 0
    doc["remarks"] = "sent"
    response = admin_api.post(f"{C}.submit", {"doc": json.dumps(doc)})
    assert response.status_code == 200, response.content
    assert response.json()["message"]["docstatus"] == 1
    assert Invoice.objects.values_list("docstatus", "remarks").get() == (1, "sent")


def test_frappe_client_submit_a_new_document_inserts_it_submitted(admin_api):
    response = admin_api.post_json(f"{C}.submit", {"doc": {"doctype": "Invoice", "number": "N-1", "customer": "B"}})
    assert response.json()["message"]["name"] == "N-1"
    assert Invoice.objects.values_list("number", "docstatus").get() == ("N-1", 1)


def test_frappe_client_cancel(admin_api, draft):
    Invoice.objects.update(docstatus=1)
    response = admin_api.post(f"{C}.cancel", {"doctype": "Invoice", "name": "INV-1"})
    assert response.status_code == 200 and response.json() == {}
    assert Invoice.objects.get().docstatus == 2


@pytest.mark.parametrize("status, call, params, text", [
    (1, "submit", {"doc": json.dumps({"doctype": "Invoice", "name": "INV-1"})}, "it is already submitted"),
    (0, "cancel", {"doctype": "Invoice", "name": "INV-1"}, "it is a draft"),
    (2, "cancel", {"doctype": "Invoice", "name": "INV-1"}, "Cannot edit cancelled"),
    (2, "submit", {"doc": json.dumps({"doctype": "Invoice", "name": "INV-1"})}, "Cannot edit cancelled"),
])
def test_refused_moves_are_417_and_change_nothing(admin_api, draft, status, call, params, text):
    Invoice.objects.update(docstatus=status)
    before = rows()
    assert_frappe_error(admin_api.post(f"{C}.{call}", params), 417, "DocstatusTransitionError", text)
    assert rows() == before


@pytest.mark.parametrize("params, status, exc_type", [
    ({"doc": "{not json"}, 417, "ValidationError"),
    ({"doc": "[1]"}, 417, "ValidationError"),
    ({"doc": json.dumps({"doctype": "Note", "title": "x"})}, 417, "ValidationError"),
    ({"doc": json.dumps({"doctype": "Invoice", "name": "NOPE"})}, 404, "DoesNotExistError"),
    ({"doc": json.dumps({"doctype": "Nope", "name": "x"})}, 404, "DoesNotExistError"),
    ({"doc": json.dumps({"doctype": "Invoice", "name": "INV-1", "amount": "lots"})}, 417, "ValidationError"),
])
def test_submit_bad_input(admin_api, draft, params, status, exc_type):
    before = rows()
    assert_frappe_error(admin_api.post(f"{C}.submit", params), status, exc_type)
    assert rows() == before


def test_submit_and_cancel_need_write_and_their_own_permission(alice_api, user, draft):
    grant(user, "view_invoice", "change_invoice")
    params = {"doc": json.dumps({"doctype": "Invoice", "name": "INV-1"})}
    assert_frappe_error(alice_api.post(f"{C}.submit", params), 403, "PermissionError", "No permission to submit")
    grant(user, "submit_invoice")
    assert alice_api.post(f"{C}.submit", params).status_code == 200
    cancel = {"doctype": "Invoice", "name": "INV-1"}
    assert_frappe_error(alice_api.post(f"{C}.cancel", cancel), 403, "PermissionError", "No permission to cancel")
    grant(user, "cancel_invoice")
    assert alice_api.post(f"{C}.cancel", cancel).status_code == 200
    assert Invoice.objects.get().docstatus == 2


def test_submit_and_cancel_refuse_get(admin_api, draft):
    assert admin_api.get(f"{C}.cancel", {"doctype": "Invoice", "name": "INV-1"}).status_code == 405


# -- v1 PUT with docstatus --------------------------------------------------------------


def test_v1_put_docstatus_1_submits_and_2_cancels(admin_api, draft):
    response = admin_api.put_json("/api/resource/Invoice/INV-1", {"docstatus": 1, "remarks": "ok"})
    assert response.status_code == 200, response.content
    assert response.json()["data"]["docstatus"] == 1
    response = admin_api.put_json("/api/resource/Invoice/INV-1", {"docstatus": 2})
    assert response.json()["data"]["docstatus"] == 2
    assert Invoice.objects.values_list("docstatus", "remarks").get() == (2, "ok")


@pytest.mark.parametrize("status, body, exc_type, text", [
    (0, {"docstatus": 2}, "DocstatusTransitionError", "it is a draft"),
    (0, {"docstatus": 5}, "DocstatusTransitionError", "docstatus must be 0, 1 or 2"),
    (0, {"docstatus": "x"}, "ValidationError", "docstatus"),
    (1, {"docstatus": 0}, "DocstatusTransitionError", "back to draft"),
    (1, {"amount": "99"}, "UpdateAfterSubmitError", "Not allowed to change amount after submission"),
    (1, {"docstatus": 2, "customer": "Other"}, "UpdateAfterSubmitError", "Not allowed to change customer"),
    (2, {"remarks": "x"}, "DocstatusTransitionError", "Cannot edit cancelled"),
    (2, {"docstatus": 1}, "DocstatusTransitionError", "Cannot edit cancelled"),
])
def test_v1_put_refusals_are_417_and_change_nothing(admin_api, draft, status, body, exc_type, text):
    Invoice.objects.update(docstatus=status)
    before = rows()
    assert_frappe_error(admin_api.put_json("/api/resource/Invoice/INV-1", body), 417, exc_type, text)
    assert rows() == before


def test_v1_a_submitted_document_takes_allow_on_submit_fields(admin_api, draft):
    Invoice.objects.update(docstatus=1)
    response = admin_api.put_json("/api/resource/Invoice/INV-1", {"remarks": "paid", "docstatus": 1})
    assert response.status_code == 200, response.content
    assert Invoice.objects.get().remarks == "paid"


def test_v1_delete_of_a_submitted_document_is_417_and_of_a_cancelled_one_works(admin_api, draft):
    Invoice.objects.update(docstatus=1)
    assert_frappe_error(admin_api.delete("/api/resource/Invoice/INV-1"), 417, "DocstatusTransitionError",
                        "cancel it first")
    assert Invoice.objects.count() == 1
    Invoice.objects.update(docstatus=2)
    assert admin_api.delete("/api/resource/Invoice/INV-1").status_code == 202
    assert Invoice.objects.count() == 0


def test_v1_insert_lands_as_a_draft_unless_submitted_with_permission(alice_api, user):
    grant(user, "view_invoice", "add_invoice")
    response = alice_api.post_json("/api/resource/Invoice", {"number": "A", "customer": "C"})
    assert response.json()["data"]["docstatus"] == 0
    response = alice_api.post_json("/api/resource/Invoice", {"number": "B", "customer": "C", "docstatus": 1})
    assert_frappe_error(response, 403, "PermissionError", "No permission to submit")
    assert list(Invoice.objects.values_list("number", flat=True)) == ["A"]


# -- v2 and run_doc_method: submit and cancel as document methods ---------------------------


def test_v2_method_submit_and_cancel(admin_api, draft):
    response = admin_api.post("/api/v2/document/Invoice/INV-1/method/submit")
    assert response.status_code == 200, response.content
    assert response.json()["data"]["docstatus"] == 1
    assert response.json()["docs"][0]["docstatus"] == 1
    response = admin_api.post("/api/v2/document/Invoice/INV-1/method/submit")
    assert response.status_code == 417
    assert response.json()["errors"][0]["type"] == "DocstatusTransitionError"
    assert admin_api.post("/api/v2/document/Invoice/INV-1/method/cancel").json()["data"]["docstatus"] == 2
    assert admin_api.get("/api/v2/document/Invoice/INV-1/method/cancel").status_code == 405
    assert Invoice.objects.get().docstatus == 2


def test_v2_patch_with_docstatus_submits(admin_api, draft):
    response = admin_api.patch("/api/v2/document/Invoice/INV-1", json.dumps({"docstatus": 1}),
                               content_type="application/json")
    assert response.json()["data"]["docstatus"] == 1


def test_run_doc_method_submit_as_frappe_ui_sends_it(admin_api, draft):
    response = admin_api.post_json("/api/method/run_doc_method",
                                   {"dt": "Invoice", "dn": "INV-1", "method": "submit", "args": {}})
    assert response.json()["docs"][0]["docstatus"] == 1
    assert response.json()["message"]["name"] == "INV-1"


def test_meta_and_list_expose_docstatus(admin_api, draft):
    assert admin_api.get("/api/v2/doctype/Invoice/meta").json()["data"]["is_submittable"] == 1
    response = admin_api.get("/api/resource/Invoice", {"fields": '["name", "docstatus"]',
                                                       "filters": '[["docstatus", "=", 0]]'})
    assert response.json() == {"data": [{"name": "INV-1", "docstatus": 0}]}
