"""Redirects imported from CSV in the admin (a dry run first, all or nothing) and exported back."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from django_frappe_web.models import WebsiteRedirect
from django_frappe_web.website.redirect_csv import MAX_ROWS, export_redirects, import_redirects

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/django_frappe_web/websiteredirect/import-csv/"


@pytest.fixture
def staff(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def upload(staff, text: str, dry_run: bool):
    data = {"file": io.BytesIO(text.encode()), **({"dry_run": "on"} if dry_run else {})}
    data["file"].name = "redirects.csv"
    return staff.post(IMPORT_URL, data)


GOOD = "source,target,redirect_http_status,priority\nold-blog/(.*),/blog/\\1,302,5\nabout-us,/about,,\n"


def test_a_dry_run_reports_and_writes_nothing_then_the_import_writes(staff, client):
    WebsiteRedirect.objects.create(source="about-us", target="/team")
    dry = upload(staff, GOOD, dry_run=True)
    assert dry.status_code == 200 and "Dry run: would import" in dry.content.decode()
    assert "1 new, 1 changed, 0 unchanged" in dry.content.decode()
    assert WebsiteRedirect.objects.get(source="about-us").target == "/team" and WebsiteRedirect.objects.count() == 1
    done = upload(staff, GOOD, dry_run=False)
    assert done.status_code == 200 and "Imported" in done.content.decode()
    assert WebsiteRedirect.objects.count() == 2
    rule = WebsiteRedirect.objects.get(source="old-blog/(.*)")
    assert (rule.target, rule.redirect_http_status, rule.priority) == ("/blog/\\1", 302, 5)
    response = client.get("/old-blog/hello")
    assert response.status_code == 302 and response["Location"] == "/blog/hello"
    assert client.get("/about-us")["Location"] == "/about"


@pytest.mark.parametrize(("text", "problem"), [
    ("from,to\na,b\n", "must name the columns"),
    ("source,target,colour\na,/b,red\n", "unknown: colour"),
    ("source,target\na,/b\na,/c\n", "is also on line 2"),
    ("source,target\n(unclosed,/b\n", "Line 2:"),
    ("source,target\na,\n", "source and target are required"),
    ("source,target,redirect_http_status\na,/b,200\n", "redirect_http_status must be one of"),
    ("source,target,enabled\na,/b,maybe\n", "enabled must be 1 or 0"),
    ("source,target,priority\na,/b,first\n", "priority must be a whole number"),
    ("source,target\na,/b,extra\n", "more values than columns"),
    ("source,target\n(.*),https://\\1/\n", "Line 2:"),
])
def test_a_file_with_a_bad_row_imports_nothing_and_says_which(staff, text, problem):
    response = upload(staff, text, dry_run=False)
    assert response.status_code == 400 and problem in response.content.decode()
    assert not WebsiteRedirect.objects.exists()


def test_good_rows_beside_a_bad_one_are_not_imported():
    report = import_redirects(b"source,target\ngood,/fine\n(bad,/x\n", dry_run=False)
    assert report.errors and not report.written and not WebsiteRedirect.objects.exists()


def test_too_many_rows_or_not_utf8_are_refused():
    many = "source,target\n" + "".join(f"r{n},/t\n" for n in range(MAX_ROWS + 1))
    assert "More than" in import_redirects(many.encode(), dry_run=False).errors[0]
    assert "not UTF-8" in import_redirects(b"source,target\n\xff,/x\n").errors[0]
    assert not WebsiteRedirect.objects.exists()


def test_the_export_imports_back_unchanged(staff):
    WebsiteRedirect.objects.create(source="a", target="/b", priority=2)
    WebsiteRedirect.objects.create(source="c(.*)", target="/d\\1", redirect_http_status=308, forward_query_parameters=True)
    exported = export_redirects(WebsiteRedirect.objects.all())
    report = import_redirects(exported.encode(), dry_run=False)
    assert not report.errors and sorted(report.unchanged) == ["a", "c(.*)"]
    response = staff.post("/admin/django_frappe_web/websiteredirect/", {
        "action": "export_csv", "_selected_action": list(WebsiteRedirect.objects.values_list("pk", flat=True))})
    assert response["Content-Type"] == "text/csv; charset=utf-8" and response.content.decode() == exported


def test_only_staff_may_import(client):
    assert client.get(IMPORT_URL).status_code == 302  # to the admin's login


def test_a_rule_that_makes_a_loop_is_refused_and_a_chain_is_warned_about(staff):
    WebsiteRedirect.objects.create(source="b", target="/a")
    form = {"source": "a", "target": "/b", "redirect_http_status": "301", "enabled": "on", "priority": "0"}
    refused = staff.post("/admin/django_frappe_web/websiteredirect/add/", form)
    assert refused.status_code == 200 and "makes a loop: /b → /a" in refused.content.decode()
    assert WebsiteRedirect.objects.count() == 1
    warned = staff.post("/admin/django_frappe_web/websiteredirect/add/", {**form, "target": "/b/"}, follow=True)
    assert "makes a loop" in warned.content.decode()
    chained = staff.post("/admin/django_frappe_web/websiteredirect/add/", {**form, "source": "c"}, follow=True)
    assert "leads to another redirect (/b → /a)" in chained.content.decode()
    assert WebsiteRedirect.objects.filter(source="c").exists()


def test_a_rule_redirecting_to_itself_is_a_loop():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="loop"):
        WebsiteRedirect(source="same", target="/same").full_clean()


def test_an_import_that_would_make_a_loop_imports_nothing_and_chains_are_reported():
    WebsiteRedirect.objects.create(source="b", target="/a")
    looped = import_redirects(b"source,target\na,/b\n", dry_run=False)
    assert not looped.written and "a: This redirect makes a loop" in looped.errors[0]
    chained = import_redirects(b"source,target\nc,/b\n", dry_run=False)
    assert chained.written and chained.chains == ["c: This redirect leads to another redirect (/b → /a): point it at the last address."]


def test_ten_thousand_rows_import_in_one_pass(django_assert_max_num_queries):
    rows = "source,target\n" + "".join(f"old/{n},/new/{n}\n" for n in range(MAX_ROWS))
    with django_assert_max_num_queries(MAX_ROWS + 20):  # one insert a row, the lookups once
        report = import_redirects(rows.encode(), dry_run=False)
    assert report.written and len(report.added) == MAX_ROWS


def test_a_rule_that_hides_a_live_page_is_warned_about(staff):
    from django_frappe_web.models import WebPage

    WebPage.objects.create(title="Team", route="team", main_section="x")
    form = {"source": "team", "target": "/people", "redirect_http_status": "301", "enabled": "on", "priority": "0"}
    response = staff.post("/admin/django_frappe_web/websiteredirect/add/", form, follow=True)
    assert "This redirect hides a live page: /team" in response.content.decode()
    quiet = staff.post("/admin/django_frappe_web/websiteredirect/add/", {**form, "source": "nobody-here"}, follow=True)
    assert "hides a live page" not in quiet.content.decode()


def test_an_import_without_a_status_keeps_each_rules_own_and_gives_new_ones_301():
    WebsiteRedirect.objects.create(source="old", target="/x", redirect_http_status=302)
    report = import_redirects(b"source,target\nold,/x\nnew,/y\n", dry_run=False)
    assert report.unchanged == ["old"] and report.added == ["new"]
    assert WebsiteRedirect.objects.get(source="old").redirect_http_status == 302
    assert WebsiteRedirect.objects.get(source="new").redirect_http_status == 301
    import_redirects(b"source,target,redirect_http_status\nold,/x,\n", dry_run=False)
    assert WebsiteRedirect.objects.get(source="old").redirect_http_status == 302


def test_the_export_never_starts_a_cell_with_a_formula_and_imports_back_unchanged():
    WebsiteRedirect.objects.create(source="=HYPERLINK\\(evil\\)", target="/x")
    WebsiteRedirect.objects.create(source="-dash", target="+plus")
    exported = export_redirects(WebsiteRedirect.objects.all())
    cells = [cell for line in exported.splitlines()[1:] for cell in line.split(",")]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    WebsiteRedirect.objects.all().delete()
    report = import_redirects(exported.encode(), dry_run=False)
    assert not report.errors, report.errors
    assert set(WebsiteRedirect.objects.values_list("source", "target")) == {("=HYPERLINK\\(evil\\)", "/x"), ("-dash", "+plus")}
