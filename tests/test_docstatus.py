"""Submittable doctypes: Document.submit()/cancel()/amend(), the edits a docstatus allows, permissions, the check."""

import pytest
from django.contrib.auth.models import Permission
from django.core import checks

from django_frappe_web import checks as system_checks
from django_frappe_web import docstatus, doctypes, frappe
from django_frappe_web.doc_methods import document_methods
from django_frappe_web.exceptions import DocstatusTransitionError, PermissionError, UpdateAfterSubmitError
from django_frappe_web.meta import doctype_meta
from tests.testapp.models import Invoice, Note

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def as_administrator(superuser):
    with frappe.init(user=superuser):
        yield


@pytest.fixture
def draft():
    return Invoice.objects.create(number="INV-1", customer="Acme", amount=10)


def rows():
    return list(Invoice.objects.order_by("pk").values())


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def test_submit_then_cancel_moves_docstatus_and_saves(draft):
    doc = frappe.get_doc("Invoice", "INV-1")
    doc.submit()
    assert Invoice.objects.get().docstatus == docstatus.SUBMITTED
    assert doc.as_dict()["docstatus"] == 1
    doc.cancel()
    assert Invoice.objects.get().docstatus == docstatus.CANCELLED


def test_a_new_document_submitted_is_inserted_submitted():
    frappe.get_doc({"doctype": "Invoice", "number": "INV-9", "customer": "Zed"}).submit()
    assert Invoice.objects.get().docstatus == 1


def test_a_submitted_document_changes_only_allow_on_submit_fields(draft):
    doc = frappe.get_doc("Invoice", "INV-1")
    doc.submit()
    doc.remarks = "paid by cheque"
    doc.save()
    assert Invoice.objects.get().remarks == "paid by cheque"
    before = rows()
    doc.amount = 99
    with pytest.raises(UpdateAfterSubmitError, match="Not allowed to change amount after submission of Invoice INV-1"):
        doc.save()
    assert rows() == before


@pytest.mark.parametrize("status, edit, message", [
    (1, {"docstatus": 0}, "back to draft"),
    (2, {"remarks": "late"}, "Cannot edit cancelled Invoice INV-1"),
    (2, {"docstatus": 1}, "Cannot edit cancelled"),
    (0, {"docstatus": 2}, "it is a draft, submit it first"),
    (0, {"docstatus": 7}, "docstatus must be 0, 1 or 2"),
])
def test_refused_moves_leave_the_row_as_it_was(draft, status, edit, message):
    Invoice.objects.update(docstatus=status)
    before = rows()
    doc = frappe.get_doc("Invoice", "INV-1")
    doc.update(edit)
    with pytest.raises(DocstatusTransitionError, match=message):
        doc.save()
    assert rows() == before


def test_submitting_a_submitted_and_cancelling_a_draft_or_cancelled_are_clear_errors(draft):
    doc = frappe.get_doc("Invoice", "INV-1")
    with pytest.raises(DocstatusTransitionError, match="it is a draft"):
        doc.cancel()
    doc = frappe.get_doc("Invoice", "INV-1").submit()
    with pytest.raises(DocstatusTransitionError, match="Cannot submit Invoice INV-1: it is already submitted"):
        frappe.get_doc("Invoice", "INV-1").submit()
    doc.cancel()
    with pytest.raises(DocstatusTransitionError, match="Cannot edit cancelled"):
        frappe.get_doc("Invoice", "INV-1").cancel()
    with pytest.raises(DocstatusTransitionError, match="Cannot insert a cancelled"):
        frappe.get_doc({"doctype": "Invoice", "number": "X", "customer": "Y", "docstatus": 2}).insert()
    assert Invoice.objects.count() == 1


def test_a_submitted_document_cannot_be_deleted_a_cancelled_one_can(draft):
    frappe.get_doc("Invoice", "INV-1").submit()
    with pytest.raises(DocstatusTransitionError, match="cancel it first"):
        frappe.get_doc("Invoice", "INV-1").delete()
    assert Invoice.objects.count() == 1
    frappe.get_doc("Invoice", "INV-1").cancel()
    frappe.get_doc("Invoice", "INV-1").delete()
    assert Invoice.objects.count() == 0


def test_amend_makes_a_linked_draft_copy_of_a_cancelled_document(draft):
    original = frappe.get_doc("Invoice", "INV-1").submit()
    with pytest.raises(DocstatusTransitionError, match="Only a cancelled Invoice can be amended"):
        original.amend()
    original.cancel()
    amended = original.amend()
    assert (amended.name, amended.docstatus, amended.amended_from, amended.customer) == ("INV-1-1", 0, "INV-1", "Acme")
    second = frappe.get_doc("Invoice", "INV-1-1").submit().cancel().amend()
    assert second.name == "INV-1-2"
    assert list(Invoice.objects.order_by("pk").values_list("number", "docstatus")) == [
        ("INV-1", 2), ("INV-1-1", 2), ("INV-1-2", 0)]


def test_amend_is_refused_for_a_doctype_that_is_not_submittable():
    note = frappe.get_doc({"doctype": "Note", "title": "x"}).insert(ignore_permissions=True)
    with pytest.raises(Exception, match="Note is not submittable"):
        note.amend()
    with pytest.raises(Exception, match="Note is not submittable"):
        note.submit()
    assert Note.objects.count() == 1


def test_submit_and_cancel_need_their_permissions(draft, user):
    grant(user, "view_invoice", "change_invoice")
    frappe.set_user("alice")
    with pytest.raises(PermissionError, match="No permission to submit Invoice INV-1"):
        frappe.get_doc("Invoice", "INV-1").submit()
    assert rows()[0]["docstatus"] == 0
    grant(user, "submit_invoice")
    frappe.set_user("alice")  # reload the user so the new permission is seen
    frappe.get_doc("Invoice", "INV-1").submit()
    with pytest.raises(PermissionError, match="No permission to cancel"):
        frappe.get_doc("Invoice", "INV-1").cancel()
    assert rows()[0]["docstatus"] == 1


def test_migrate_created_the_submit_and_cancel_permissions():
    codenames = set(Permission.objects.filter(content_type__model="invoice").values_list("codename", flat=True))
    assert {"submit_invoice", "cancel_invoice"} <= codenames
    assert not Permission.objects.filter(codename__in=["submit_note", "submit_ticket"]).exists()


def test_the_frappe_facade_names_the_docstatus_errors():
    assert (frappe.UpdateAfterSubmitError, frappe.DocstatusTransitionError) == (
        UpdateAfterSubmitError, DocstatusTransitionError)
    assert issubclass(frappe.UpdateAfterSubmitError, frappe.ValidationError)


def test_meta_and_methods_expose_submittable():
    invoice = doctypes.site.get("Invoice")
    assert doctype_meta(invoice)["is_submittable"] == 1
    assert doctype_meta(doctypes.site.get("Note"))["is_submittable"] == 0
    assert (invoice.docstatus_field, invoice.amended_from_field, invoice.allow_on_submit) == (
        "docstatus", "amended_from", ["remarks"])
    assert set(document_methods(invoice)) == {"submit", "cancel"}


@pytest.fixture
def broken_note(monkeypatch):
    """The check reads a registry where Note is submittable without a docstatus field."""
    registry = doctypes.DocTypeRegistry()

    class BrokenNote(doctypes.DocType):
        name = "Broken Note"
        is_submittable = True
        allow_on_submit = ["nope"]

    registry.register(Note, BrokenNote)
    monkeypatch.setattr(system_checks, "site", registry)


def test_the_system_check_names_a_submittable_doctype_without_docstatus(broken_note):
    errors = [error for error in checks.run_checks(tags=[checks.Tags.models]) if error.id == "django_frappe_web.E060"]
    assert [error.msg for error in errors] == [
        "Broken Note is submittable but has no docstatus field: add a SmallIntegerField 'docstatus' (default 0) "
        "or name one in docstatus_field.",
        "Broken Note.allow_on_submit names unknown fields: nope."]


def test_the_system_check_passes_the_test_doctypes():
    assert [e for e in checks.run_checks(tags=[checks.Tags.models]) if e.id == "django_frappe_web.E060"] == []


def test_the_print_page_of_a_submitted_document_renders(client, superuser, draft):
    frappe.get_doc("Invoice", "INV-1").submit()
    client.force_login(superuser)
    for path in ("/printview?doctype=Invoice&name=INV-1", "/Invoice/INV-1"):
        response = client.get(path)
        assert response.status_code == 200
        assert b"<th>Docstatus</th><td>1</td>" in response.content


@pytest.mark.parametrize(("name", "amendment"), [("INV-1", "INV-1-1"), ("INV-1-1", "INV-1-2"), ("INV-²", "INV-²-1"),
                                                 ("INV-١", "INV-١-1")])
def test_an_amendment_is_named_after_its_original_whatever_its_suffix(name, amendment):
    assert docstatus.amended_name(name, is_amendment=name != "INV-1") == amendment
