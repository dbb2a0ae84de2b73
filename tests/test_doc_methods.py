"""doc_methods: which methods a doctype's documents have."""

from django_frappe_web import doctypes
from django_frappe_web.doc_methods import document_methods
from django_frappe_web.whitelist import whitelisted_paths


def test_document_methods_lists_a_models_public_whitelisted_methods():
    methods = document_methods(doctypes.site.get("Ticket"))
    assert sorted(methods) == ["acknowledge", "close", "echo", "escalate", "itself", "retitle", "summary"]
    assert methods["summary"].methods == ("GET",) and not methods["summary"].changes_state
    assert methods["escalate"].methods == ("POST",) and methods["escalate"].changes_state
    assert methods["escalate"].path == "tests.testapp.models.Ticket.escalate"


def test_submittable_doctypes_add_submit_and_cancel_and_others_have_none():
    assert sorted(document_methods(doctypes.site.get("Invoice"))) == ["cancel", "submit"]
    assert document_methods(doctypes.site.get("Note")) == {}
    assert sorted(document_methods(doctypes.site.get("Category"))) == ["article_count", "headline"]


def test_document_methods_have_no_api_method_path():
    entries = {id(entry.func) for entry in whitelisted_paths().values()}
    assert not entries & {id(entry.func) for entry in document_methods(doctypes.site.get("Ticket")).values()}
    assert "ping" in whitelisted_paths()
