"""Print views: ``/printview?doctype=&name=`` and ``/<DocType>/<name>``, the Standard format and
PrintFormat rows (default, named, disabled, another doctype's), letterhead and print flags, read
permission, a constant number of queries, PDFs with and without the extra, bad input as clear
pages, and PrintFormat in the admin.
"""

from __future__ import annotations

import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_frappe_web.models import PrintFormat, WebsiteSettings
from tests.website.doc_pages import *  # noqa: F403 - fixtures and helpers
from tests.website.doc_pages import (
    ROLES,
    Note,
    bulk_articles,
    make_article,
    message,
    no_page_cache,
    text,
)

pytestmark = pytest.mark.django_db


def body(response) -> str:
    """What the format rendered (inside ``.print-format``)."""
    assert response.status_code == 200, text(response)[:2000]
    content = text(response)
    return content.split('<div class="print-format">', 1)[1].split("</div>\n  </div>", 1)[0]


@pytest.fixture
def article(news):
    return make_article("hello", title="Hello <World>", status="review", body="Line one\nLine two", category=news)


@pytest.fixture
def card():
    return PrintFormat.objects.create(name="Card", doctype="Article", css=".card { color: red; }",
                                      html="<p class='card'>{{ doc.title }} in {{ doc.category }}</p>")


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/printview?doctype=Article&name=hello", "/Article/hello"])
def test_standard_format_lists_the_fields(client, article, path):
    printed = body(client.get(path))
    assert "<h1>Hello &lt;World&gt;</h1>" in printed
    assert '<p class="doctype">Article hello</p>' in printed
    assert "<tr><th>Status</th><td>Review</td></tr>" in printed
    assert "<tr><th>Category</th><td>News</td></tr>" in printed
    assert "<tr><th>Body</th><td>Line one<br>Line two</td></tr>" in printed
    assert "<tr><th>Published on</th><td>June 1, 2024</td></tr>" in printed  # the project's date format
    assert "<title>Hello &lt;World&gt;</title>" in text(client.get(path))


def test_named_format_renders_its_template_with_doc_and_its_css(client, article, card):
    response = client.get("/printview?doctype=Article&name=hello&format=Card")
    assert body(response) == "<p class='card'>Hello &lt;World&gt; in News</p>"
    assert "<style>.card { color: red; }</style>" in text(response)
    assert body(client.get("/Article/hello?format=Card")) == body(response)


def test_default_format_is_used_without_a_name_and_standard_can_be_asked_for(client, article, card):
    card.is_default = True
    card.save()
    assert body(client.get("/Article/hello")) == "<p class='card'>Hello &lt;World&gt; in News</p>"
    assert "<h1>Hello &lt;World&gt;</h1>" in body(client.get("/Article/hello?format=Standard"))


def test_disabled_default_is_skipped(client, article, card):
    card.is_default, card.disabled = True, True
    card.save()
    assert "<tr><th>Status</th>" in body(client.get("/Article/hello"))


def test_disabled_format_is_refused_with_a_clear_message(client, article, card):
    card.disabled = True
    card.save()
    response = client.get("/Article/hello?format=Card")
    assert response.status_code == 404
    assert message(response) == "Print Format &#x27;Card&#x27; is disabled."


def test_another_doctypes_format_is_not_found_and_shows_nothing_of_it(client, article):
    PrintFormat.objects.create(name="Note card", doctype="Note", html="NOTE-FORMAT-MARKER {{ doc.content }}")
    response = client.get("/Article/hello?format=Note card")
    assert response.status_code == 404
    assert message(response) == "Print Format &#x27;Note card&#x27; not found for Article."
    assert "NOTE-FORMAT-MARKER" not in text(response)


def test_format_template_errors_saved_around_the_admin_are_a_clear_page(client, article):
    PrintFormat.objects.create(name="Broken", doctype="Article", html="{% if %}")
    response = client.get("/Article/hello?format=Broken")
    assert response.status_code == 417
    assert "Print Format &#x27;Broken&#x27; has a template error" in message(response)


def test_letterhead_and_print_flags(client, article):
    WebsiteSettings.objects.create(brand_html="<b>ACME letterhead</b>")
    with_head = text(client.get("/Article/hello"))
    assert '<header class="letter-head"><b>ACME letterhead</b></header>' in with_head
    assert "window.print()" not in with_head
    flagged = text(client.get("/printview?doctype=Article&name=hello&no_letterhead=1&trigger_print=1"))
    assert "ACME letterhead" not in flagged
    assert "<script>window.print();</script>" in flagged
    assert "ACME letterhead" in text(client.get("/Article/hello?no_letterhead=0"))


def test_print_pages_are_never_cached(client, article):
    assert "X-From-Cache" not in client.get("/Article/hello")
    assert "X-From-Cache" not in client.get("/Article/hello")


def test_print_of_a_doctype_without_web_view(client_as):
    Note.objects.create(title="Remember", content="milk")
    response = client_as("viewer").get(f"/Note/{Note.objects.get().pk}")
    assert "<tr><th>Content</th><td>milk</td></tr>" in body(response)


# --- who may print -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("guest", 403), ("user", 403), ("viewer", 200), ("superuser", 200)])
def test_read_permission_is_required(client_as, role, status):
    note = Note.objects.create(title="Private note", content="secret")
    response = client_as(role).get(f"/printview?doctype=Note&name={note.pk}")
    assert response.status_code == status
    assert ("secret" in text(response)) is (status == 200)
    if status == 403:
        assert "No permission to read Note" in text(response)
        assert ("/login?redirect-to=" in text(response)) is (role == "guest")


@pytest.mark.parametrize("role", ROLES)
def test_published_guest_viewable_documents_print_for_everyone(client_as, role, article):
    assert "<h1>Hello &lt;World&gt;</h1>" in body(client_as(role).get("/Article/hello"))


@pytest.mark.parametrize(("role", "status"), [("guest", 404), ("user", 404), ("viewer", 200), ("superuser", 200)])
def test_unpublished_documents_print_only_for_readers_of_the_doctype(client_as, role, status):
    make_article("draft", title="Secret draft", published=False)
    response = client_as(role).get("/Article/draft")
    assert response.status_code == status
    assert ("Secret draft" in text(response)) is (status == 200)
    if status == 404:
        assert message(response) == "Article &#x27;draft&#x27; not found."  # as if it did not exist


# --- queries -------------------------------------------------------------------------------


def print_queries(client, path: str) -> int:
    with no_page_cache():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("format_name", ["", "Card", "Standard"])
def test_a_print_page_is_two_queries_whatever_the_documents_or_fields(client, article, card, format_name):
    few = print_queries(client, f"/Article/hello?format={format_name}")
    bulk_articles(50)
    card.html = "{% for label, value in fields %}{{ label }}={{ value }};{% endfor %}{{ doc.category }}"
    card.save()
    # The document (links joined) and, unless Standard is asked for, its print format.
    assert print_queries(client, f"/Article/hello?format={format_name}") == few == (1 if format_name == "Standard" else 2)


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_without_the_extra_says_how_to_install_it(client, article, monkeypatch):
    monkeypatch.setitem(sys.modules, "xhtml2pdf", None)  # importing it now raises ImportError
    response = client.get("/Article/hello?pdf=1")
    assert response.status_code == 501
    assert 'pip install &quot;django-frappe-web[pdf]&quot;' in message(response)
    assert "Download PDF" not in text(client.get("/Article/hello"))


def test_pdf_with_the_extra(client, article, card):
    pytest.importorskip("xhtml2pdf", reason='the PDF extra is not installed: pip install -e ".[pdf]"')
    assert 'href="/Article/hello?format=Card&amp;pdf=1">Download PDF</a>' in text(client.get("/Article/hello?format=Card"))
    response = client.get("/Article/hello?format=Card&pdf=1&trigger_print=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="hello.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_needs_the_same_permission(client, article):
    note = Note.objects.create(title="Private", content="secret")
    assert client.get(f"/Note/{note.pk}?pdf=1").status_code == 403


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "status", "expected"), [
    ("", 417, "Parameters doctype and name are required"),
    ("doctype=Article", 417, "Parameters doctype and name are required"),
    ("name=hello", 417, "Parameters doctype and name are required"),
    ("doctype=Nope&name=x", 404, "DocType &#x27;Nope&#x27; not found."),
    ("doctype=Article&name=a/b", 404, "Article &#x27;a/b&#x27; not found."),
    ("doctype=Article&name=../../etc/passwd", 404, "not found."),
    ("doctype=Article&name=%27%22%3Cx%3E", 404, "Article &#x27;&#x27;&quot;&lt;x&gt;&#x27; not found."),
    ("doctype=Article&name=" + "x" * 5000, 404, "Article &#x27;" + "x" * 80 + "…&#x27; not found."),
    ("doctype=Article&name=hello&format=Nope", 404, "Print Format &#x27;Nope&#x27; not found for Article."),
    ("doctype=Article&name=hello&format=" + "f" * 5000, 404, "not found for Article."),
])
def test_bad_printview_arguments_are_clear_pages_not_500(client, article, query, status, expected):
    response = client.get(f"/printview?{query}")
    assert response.status_code == status
    assert expected in message(response)


@pytest.mark.parametrize("path", ["/Article/nope", "/Article/a/b", "/Article/%27%22", "/Article/" + "x" * 1500])
def test_bad_print_paths_are_404_pages(client, article, path):
    response = client.get(path)
    assert response.status_code == 404


def test_unknown_doctype_path_is_the_plain_404(client):
    assert client.get("/Nope/x").status_code == 404


# --- the admin -----------------------------------------------------------------------------


def admin_post(client, url: str, **fields):
    data = {"name": "", "doctype": "", "html": "", "css": "", "disabled": "", "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0", **fields}
    return client.post(url, {k: v for k, v in data.items() if v != ""})


def test_admin_offers_the_registered_doctypes(client, superuser):
    client.force_login(superuser)
    page = text(client.get("/admin/django_frappe_web/printformat/add/"))
    for name in ("Article", "Note", "Web Page", "User"):
        assert f'<option value="{name}">{name}</option>' in page


def test_admin_refuses_an_unknown_doctype_and_a_template_that_does_not_compile(client, superuser):
    client.force_login(superuser)
    response = admin_post(client, "/admin/django_frappe_web/printformat/add/", name="X", doctype="Nope",
                          html="{% for %}")
    assert response.status_code == 200
    page = text(response)
    assert "Select a valid choice. Nope is not one of the available choices." in page
    assert "The template does not compile" in page
    assert not PrintFormat.objects.exists()


def test_admin_moves_the_default_instead_of_failing(client, superuser):
    client.force_login(superuser)
    add = "/admin/django_frappe_web/printformat/add/"
    assert admin_post(client, add, name="One", doctype="Article", html="one", is_default="on").status_code == 302
    assert admin_post(client, add, name="Two", doctype="Article", html="two", is_default="on").status_code == 302
    assert admin_post(client, add, name="Other", doctype="Note", html="n", is_default="on").status_code == 302
    defaults = set(PrintFormat.objects.filter(is_default=True).values_list("name", flat=True))
    assert defaults == {"Two", "Other"}
    one = PrintFormat.objects.get(name="One")
    change = f"/admin/django_frappe_web/printformat/{one.pk}/change/"
    assert "is_default" in text(client.get(change))
    assert admin_post(client, change, name="One", doctype="Article", html="one", is_default="on").status_code == 302
    assert set(PrintFormat.objects.filter(is_default=True).values_list("name", flat=True)) == {"One", "Other"}


def test_admin_keeps_the_doctype_of_a_format_whose_doctype_left_the_registry(client, superuser):
    client.force_login(superuser)
    stale = PrintFormat.objects.create(name="Old", doctype="Gone", html="x")
    page = text(client.get(f"/admin/django_frappe_web/printformat/{stale.pk}/change/"))
    assert '<option value="Gone" selected>Gone</option>' in page
