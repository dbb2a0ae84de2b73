"""A caller who may not read (or write) a doctype learns nothing of which of its documents (or fields) exist.

Each call below names a document that exists and one that does not; without the doctype's
permission both answers must be the same (Frappe's and the REST routes' 403), never a 403 for
one and a 404 for the other.
"""

from __future__ import annotations

import json

import pytest

from tests.testapp.models import Invoice, Ticket

pytestmark = pytest.mark.django_db
C = "/api/method/frappe.client"


@pytest.fixture
def documents(note):
    return {"Note": note.pk, "Invoice": Invoice.objects.create(number="INV-1", customer="Acme").number,
            "Ticket": Ticket.objects.create(subject="T").pk}


CALLS = {
    "get": lambda name: (f"{C}.get", {"doctype": "Note", "name": name["Note"]}),
    "get_doc_permissions": lambda name: (f"{C}.get_doc_permissions", {"doctype": "Note", "docname": name["Note"]}),
    "save": lambda name: (f"{C}.save", {"doc": json.dumps({"doctype": "Note", "name": name["Note"], "title": "x"})}),
    "set_value": lambda name: (f"{C}.set_value", {"doctype": "Note", "name": name["Note"], "fieldname": "title",
                                                  "value": "x"}),
    "bulk_update": lambda name: (f"{C}.bulk_update",
                                 {"docs": json.dumps([{"doctype": "Note", "docname": name["Note"], "title": "x"}])}),
    "submit": lambda name: (f"{C}.submit", {"doc": json.dumps({"doctype": "Invoice", "name": name["Invoice"]})}),
    "cancel": lambda name: (f"{C}.cancel", {"doctype": "Invoice", "name": name["Invoice"]}),
    "has_permission": lambda name: (f"{C}.has_permission", {"doctype": "Note", "docname": name["Note"]}),
    "run_doc_method": lambda name: ("/api/method/run_doc_method",
                                    {"dt": "Ticket", "dn": name["Ticket"], "method": "escalate"}),
    "attach_file": lambda name: (f"{C}.attach_file", {"doctype": "Note", "docname": name["Note"], "filename": "a.txt",
                                                     "filedata": "hi", "docfield": name.get("docfield", "title")}),
    "run_doc_method docs": lambda name: ("/api/method/run_doc_method", {
        "docs": json.dumps({"doctype": "Ticket", "name": name["Ticket"]}), "method": "escalate"}),
}
MISSING = {"Note": 9999, "Invoice": "NOPE-9", "Ticket": 9999, "docfield": "nope"}  # attach_file: no such field either


def answer(response):
    body = response.json()
    body.pop("_server_messages", None)
    if "failed_docs" in body.get("message", {}):  # the row that failed is echoed back: its name differs
        return response.status_code, [row["exc"].split(":")[0] for row in body["message"]["failed_docs"]]
    return response.status_code, body.get("exc_type", body)


@pytest.mark.parametrize("call", CALLS)
def test_without_the_doctypes_permission_a_document_and_a_missing_one_get_the_same_answer(alice_api, documents,
                                                                                             call):
    existing = alice_api.post(*CALLS[call](documents))
    missing = alice_api.post(*CALLS[call](MISSING))
    assert answer(existing) == answer(missing), (existing.content[:300], missing.content[:300])
    assert existing.status_code in (200, 403)
