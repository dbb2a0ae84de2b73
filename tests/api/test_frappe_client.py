"""frappe-client (Python) against a live server on loopback, as a user drives it.

The client is :mod:`tests.api.frappeclient` (the requests of frappe/frappe-client's
``frappeclient/frappeclient.py``; see its docstring for why it is not installed from PyPI).
A password login drives the reads and ``logout``; the writes go with an API key (Basic),
as frappe-client sends no CSRF token and a session's writes need one here (docs/decisions.md).
"""

from __future__ import annotations

import json

import pytest
import requests

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.models import PrintFormat
from tests.testapp.models import Article, Category, Invoice

from .frappeclient import AuthError, FrappeClient


@pytest.fixture
def site(live_server, superuser, articles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    PrintFormat.objects.create(name="Card", doctype="Article", html="<p class='card'>{{ doc.title }}</p>")
    return live_server.url


@pytest.fixture
def key_client(site, superuser):
    row, secret = create_api_key(superuser)
    client = FrappeClient(site, api_key=row.api_key, api_secret=secret)
    yield client
    client.session.close()  # no kept-alive connection outlives the live server


def test_login_reads_and_logout_with_a_password_session(site):
    with FrappeClient(site, username="admin", password="pw") as client:
        read_as_admin(client)
    assert len(client.get_list("Article")) == 3  # logged out on leaving: a guest again, the published ones
    denied = client.session.get(f"{site}/api/resource/Note")
    assert denied.status_code == 403 and denied.json()["exc_type"] == "PermissionError"
    client.session.close()


def read_as_admin(client: FrappeClient) -> None:
    rows = client.get_list("Article", fields=["name", "views"], filters={"published": 1}, order_by="views desc",
                           limit_page_length=2)
    assert rows == [{"name": "a3", "views": 30}, {"name": "a2", "views": 20}]
    assert len(client.get_list("Article")) == 5  # fields ["*"], no limit given: Frappe's page of 20
    assert len(client.get_list("Article", fields='"*"')) == 5  # the default of PyPI's 0.1.0.dev0: JSON "*"
    assert client.get_doc("Article", "a1")["title"] == "First"
    assert client.get_value("Article", "title", {"name": "a2"}) == {"title": "Second"}
    assert client.get_value("Article")["name"] in {"a1", "a2", "a3", "d1", "d2"}  # filters=null
    assert client.get_api("tests.testapp.api.ping_guest", {"value": "got"}) == {"value": "got"}
    assert client.get_api("frappe.auth.get_logged_user") == "admin"


def test_a_wrong_password_is_an_auth_error(site):
    with pytest.raises(AuthError):
        FrappeClient(site, username="admin", password="wrong")


def test_writes_through_the_resource_api_and_cmd_calls(key_client):
    created = key_client.insert({"doctype": "Article", "title": "From Python", "slug": "from-py", "category": "News"})
    assert created["name"] == "from-py" and created["category"] == "News"
    updated = key_client.update({"doctype": "Article", "name": "from-py", "title": "Updated", "views": 4})
    assert updated["title"] == "Updated" and updated["views"] == 4
    assert key_client.insert_many([{"doctype": "Category", "name": "Bulk 1"},
                                   {"doctype": "Category", "name": "Bulk 2"}]) == ["Bulk 1", "Bulk 2"]
    result = key_client.bulk_update([{"doctype": "Article", "docname": "a1", "views": 11},
                                     {"doctype": "Article", "docname": "missing", "views": 1}])
    assert [row["doc"]["docname"] for row in result["failed_docs"]] == ["missing"]
    assert key_client.set_value("Article", "a2", "title", "Set")["title"] == "Set"
    assert key_client.rename_doc("Article", "from-py", "renamed-py") == "renamed-py"
    assert key_client.get_value("Article", "views", {"name": "a1"}) == {"views": 11}
    assert key_client.delete("Article", "renamed-py") is None
    assert not Article.objects.filter(slug__in=["from-py", "renamed-py"]).exists()
    assert Category.objects.filter(name__startswith="Bulk").count() == 2
    assert Article.objects.get(slug="a2").title == "Set"


def test_submit_and_cancel_a_submittable_document(key_client, site):
    key_client.insert({"doctype": "Invoice", "number": "INV-1", "customer": "Acme", "amount": "10.00"})
    submitted = key_client.submit({"doctype": "Invoice", "name": "INV-1", "remarks": "Sent"})
    assert submitted["docstatus"] == 1 and submitted["remarks"] == "Sent"
    assert Invoice.objects.get(number="INV-1").docstatus == 1
    again = key_client.session.post(site, data={"cmd": "frappe.client.submit",  # what submit() sends, again
                                                "doclist": json.dumps({"doctype": "Invoice", "name": "INV-1"})})
    assert again.status_code == 417 and again.json()["exc_type"] == "DocstatusTransitionError"
    assert key_client.cancel("Invoice", "INV-1") is None
    assert Invoice.objects.get(number="INV-1").docstatus == 2


def test_post_api_with_its_trailing_slash_and_query_arguments(key_client):
    assert key_client.post_api("tests.testapp.api.ping_guest", {"value": "posted"}) == {"value": "posted"}
    assert key_client.post_api("tests.testapp.api.post_only") == "ok"


def test_print_as_pdf_and_html(key_client):
    pytest.importorskip("xhtml2pdf", reason='the PDF extra is not installed: pip install -e ".[pdf]"')
    assert key_client.get_pdf("Article", "a1", print_format="Card").startswith(b"%PDF")
    assert key_client.get_pdf("Article", "a2", letterhead=False).startswith(b"%PDF")
    html = key_client.get_html("Article", "a1", print_format="Card").decode()
    assert "<p class='card'>First</p>" in html


def test_refusals_reach_the_client_as_frappe_errors(key_client, site):
    assert key_client.get_doc("Article", "missing") is None  # Frappe's envelope, no "exc" without DEBUG
    response = key_client.session.post(site, data={"cmd": "frappe.client.insert_many",
                                                   "docs": json.dumps([{"doctype": "Category"}] * 201)})
    assert response.status_code == 417 and response.json()["exc_type"] == "ValidationError"
    assert key_client.session.get(f"{site}/api/method/frappe.client.get_password", params={
        "doctype": "User", "name": "admin", "fieldname": "password"}).status_code == 403
    with requests.Session() as guest:
        assert guest.get(f"{site}/print", params={"doctype": "Article", "name": "d1"}).status_code == 404


def test_a_password_sessions_writes_need_the_csrf_token_frappe_client_does_not_send(site):
    """Django's CSRF rule for sessions (docs/decisions.md): a clear 400, nothing written."""
    with FrappeClient(site, username="admin", password="pw") as client:
        response = client.session.post(f"{site}/api/resource/Category", data={"data": json.dumps({"name": "No"})})
        assert response.status_code == 400 and response.json()["exc_type"] == "CSRFTokenError"
    client.session.close()
    assert not Category.objects.filter(name="No").exists()
