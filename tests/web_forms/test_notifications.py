"""Emails when a response arrives, and the staff's CSV export of a form's responses."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from django_frappe_web.models import WebForm
from tests.testapp.models import Article, ArticleLink

from .conftest import VALID_ARTICLE
from .test_admin import ADD_URL, errors_of, form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_frappe_web/webform/"
LINKS = {"fieldname": "links", "fieldtype": "Table", "label": "Links", "options": "label"}


@pytest.fixture
def notifying_form(make_form):
    return make_form("notify", fields=["title", "slug", "status", "views", {"fieldname": "route", "label": "Your email"},
                                       LINKS],
                     notify_emails="editors@example.com\nboss@example.com", confirmation_field="route",
                     success_message="We will read it soon.")


def test_a_response_mails_the_staff_and_confirms_to_the_respondent(client, notifying_form, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/notify/new", {**VALID_ARTICLE, "route": "ada@example.com", "links-TOTAL_FORMS": "1",
                                               "links-INITIAL_FORMS": "0", "links-0-label": "Docs"})
    assert response.status_code == 200
    staff, confirmation = mailoutbox
    assert staff.to == ["editors@example.com", "boss@example.com"] and staff.subject == "New response: Notify"
    assert "Title: Hello\n" in staff.body and "Your email: ada@example.com" in staff.body
    assert "Links: 1 row(s)\n  1. Docs" in staff.body
    assert confirmation.to == ["ada@example.com"] and confirmation.subject == "Your response: Notify"
    assert confirmation.body.startswith("We will read it soon.") and "Title: Hello" in confirmation.body


def test_an_invalid_response_mails_no_one(client, notifying_form, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/notify/new", {"title": ""}).status_code == 417
    assert mailoutbox == []


def test_no_confirmation_to_an_address_that_is_not_one(client, notifying_form, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/notify/new", {**VALID_ARTICLE, "route": "not an address, Bcc: x@y"}).status_code == 200
    assert [mail.to for mail in mailoutbox] == [["editors@example.com", "boss@example.com"]]


def test_a_broken_mail_server_does_not_break_the_response(client, notifying_form, settings, caplog,
                                                          django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/notify/new", {**VALID_ARTICLE, "route": "ada@example.com"})
    assert response.status_code == 200 and Article.objects.count() == 1
    assert "could not send 'New response: Notify'" in caplog.text


def test_accept_notifies_too(client, notifying_form, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/method/frappe.website.doctype.web_form.web_form.accept",
                               json.dumps({"web_form": "notify", "data": VALID_ARTICLE}), content_type="application/json")
    assert response.status_code == 200 and len(mailoutbox) == 1


@pytest.mark.parametrize(("values", "error"), [
    ({"notify_emails": "ok@example.com\nnot-an-address"}, "Not an email address: not-an-address."),
    ({"confirmation_field": "views"}, "Article has no text field “views” for an email address."),
])
def test_the_designer_refuses_bad_addresses(admin_client, values, error):
    assert error in errors_of(admin_client.post(ADD_URL, form_data(["title"], **values)))


# -- CSV export -----------------------------------------------------------------------------


def export(client, web_form):
    return client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [str(web_form.pk)]})


def test_staff_export_the_responses_as_streamed_csv(admin_client, notifying_form):
    first = Article.objects.create(title="=HYPERLINK(\"http://evil\")", slug="a", views=3)
    ArticleLink.objects.create(article=first, label="x")
    Article.objects.create(title="Plain, with comma", slug="b")
    response = export(admin_client, notifying_form)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="notify.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [["name", "Title", "Slug", "Status", "Views", "Your email", "Links"],
                    ["a", "'=HYPERLINK(\"http://evil\")", "a", "draft", "3", "", "1"],
                    ["b", "Plain, with comma", "b", "draft", "0", "", "0"]]


def test_a_large_export_reads_in_chunks(admin_client, notifying_form):
    Article.objects.bulk_create([Article(title=f"T{index}", slug=f"t{index}") for index in range(1200)])
    response = export(admin_client, notifying_form)
    lines = list(response.streaming_content)
    assert len(lines) == 1201


def test_staff_without_read_permission_on_the_doctype_cannot_export(staff_user, notifying_form):
    staff_user.user_permissions.add(*Permission.objects.filter(codename__in=["change_webform", "view_webform"]))
    client = Client()
    client.force_login(staff_user)
    response = export(client, notifying_form)
    assert response.status_code == 302
    messages = [str(message) for message in client.get(CHANGELIST).context["messages"]]
    assert messages == ["You may not read Article documents, so you cannot export them."]


def test_one_form_at_a_time(admin_client, notifying_form, make_form):
    other = make_form("other")
    response = admin_client.post(CHANGELIST, {"action": "export_csv",
                                              "_selected_action": [str(notifying_form.pk), str(other.pk)]})
    assert response.status_code == 302 and WebForm.objects.count() == 2
