"""doc_methods: which methods a doctype's documents have, and telling them from /api/method functions."""

from django_frappe_web import doctypes
from django_frappe_web.api.views import ping
from django_frappe_web.doc_methods import document_methods, is_document_method
from django_frappe_web.whitelist import whitelisted_entry
from tests.testapp import api


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


def test_is_document_method_tells_methods_from_functions():
    assert all(is_document_method(entry) for entry in document_methods(doctypes.site.get("Ticket")).values())
    assert all(is_document_method(entry) for entry in document_methods(doctypes.site.get("Invoice")).values())
    assert not is_document_method(whitelisted_entry(ping))
    assert not is_document_method(whitelisted_entry(api.ping_guest))
