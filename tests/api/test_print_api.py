"""Printing through the API: download_pdf at both of Frappe's paths, and /print as frappe-client's get_html reads it."""

from __future__ import annotations

import sys

import pytest

from django_frappe_web.models import PrintFormat

from .conftest import assert_frappe_error, grant

pytestmark = pytest.mark.django_db
PATHS = ["/api/method/frappe.utils.print_format.download_pdf",
         "/api/method/frappe.templates.pages.print.download_pdf"]


@pytest.fixture
def card(db):
    return PrintFormat.objects.create(name="Card", doctype="Article", html="<p class='card'>{{ doc.title }}</p>")


@pytest.fixture
def pdf_extra():
    pytest.importorskip("xhtml2pdf", reason='the PDF extra is not installed: pip install -e ".[pdf]"')


@pytest.mark.parametrize("path", PATHS)
def test_download_pdf_answers_the_print_views_pdf(admin_api, articles, card, pdf_extra, path):
    response = admin_api.get(path, {"doctype": "Article", "name": "a1", "format": "Card", "no_letterhead": "1"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="a1.pdf"'
    assert response.content.startswith(b"%PDF")


def test_download_pdf_with_the_standard_format_and_a_trailing_slash(admin_api, articles, pdf_extra):
    response = admin_api.get(PATHS[1] + "/", {"doctype": "Article", "name": "a2", "format": "Standard"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_download_pdf_without_the_extra_is_a_clear_501(admin_api, articles, monkeypatch):
    monkeypatch.setitem(sys.modules, "xhtml2pdf", None)  # importing it now raises ImportError
    response = admin_api.get(PATHS[0], {"doctype": "Article", "name": "a1"})
    assert response.status_code == 501 and response["Content-Type"] == "application/json"
    assert 'django-frappe-web[pdf]' in response.json()["exception"]


@pytest.mark.parametrize("args, status, exc_type", [
    ({"doctype": "Article", "name": "zz"}, 404, "PageError"),
    ({"doctype": "Nope", "name": "x"}, 404, "PageError"),
    ({"doctype": "Article"}, 417, "ValidationError"),
    ({"doctype": "Article", "name": "a1", "format": "Nope"}, 404, "PageError"),
    ({"doctype": "Article", "name": "a1", "doc": '{"doctype": "Article"}'}, 417, "ValidationError"),
])
def test_download_pdf_bad_input(admin_api, articles, args, status, exc_type):
    assert_frappe_error(admin_api.get(PATHS[0], args), status, exc_type)


def test_download_pdf_has_the_print_views_permission_checks(user, alice_api, client, articles, note):
    assert_frappe_error(alice_api.get(PATHS[0], {"doctype": "Note", "name": str(note.pk)}), 403, "PermissionError")
    # a draft alice may not read is not found, as on the print view
    assert alice_api.get(PATHS[0], {"doctype": "Article", "name": "d1"}).status_code == 404
    assert client.get(PATHS[0], {"doctype": "Article", "name": "a1"}).status_code == 403  # login required
    grant(user, "view_note")
    assert alice_api.get(PATHS[0], {"doctype": "Note", "name": str(note.pk), "format": "Nope"}).status_code == 404


@pytest.mark.parametrize("path", ["/print", "/printview"])
def test_print_html_as_get_html_reads_it(admin_client, articles, card, path):
    response = admin_client.get(path, {"doctype": "Article", "name": "a1", "format": "Card", "no_letterhead": "1"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "<p class='card'>First</p>" in response.content.decode()


def test_print_html_keeps_the_permission_checks(client, note):
    assert client.get("/print", {"doctype": "Note", "name": str(note.pk)}).status_code == 403
