"""The example project's expense claims (/claims): a submittable doctype moved by its document methods,
clicked through in headless Chromium as frappe-ui would call them (run_doc_method)."""

from __future__ import annotations

import sqlite3

import pytest

pytestmark = pytest.mark.browser


def log_in(page, site, username):
    page.goto(f"{site}/login?redirect-to=/claims")
    page.fill("#id_username", username)
    page.fill("#id_password", username)
    page.click("button[type=submit]")
    page.wait_for_url("**/claims")


def row(page, title):
    return page.locator("table.claims tr", has_text=title).first


def click_and_reload(page, title, label):
    with page.expect_navigation():
        row(page, title).locator(f"button:text-is('{label}')").click()


def claims(database):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT title, docstatus, paid, amended_from_id FROM demo_expenseclaim "
                                  "ORDER BY id").fetchall()


def test_a_claim_is_submitted_paid_cancelled_and_amended(example_site, example_database, browser_page):
    page = browser_page
    page.goto(example_site + "/claims")
    assert "Log in" in page.locator("main").inner_text()  # a guest sees no claim
    log_in(page, example_site, "admin")
    assert row(page, "Conference travel").locator(".status").inner_text() == "Draft"

    row(page, "Conference travel").locator("button:text-is('Summary')").click()  # a GET-able method
    page.locator("output.claim-result").filter(has_text="claims").wait_for()
    assert page.locator("output.claim-result").inner_text() == "Alice claims 420.00 for Conference travel"

    click_and_reload(page, "Conference travel", "Submit")
    assert row(page, "Conference travel").locator(".status").inner_text() == "Submitted"
    click_and_reload(page, "Conference travel", "Mark paid")
    assert row(page, "Conference travel").locator(".paid").inner_text() == "yes"
    click_and_reload(page, "Conference travel", "Cancel")
    assert row(page, "Conference travel").locator(".status").inner_text() == "Cancelled"
    click_and_reload(page, "Conference travel", "Amend")
    assert page.locator("table.claims tr", has_text="amends").locator(".status").inner_text() == "Draft"
    assert claims(example_database) == [("Conference travel", 2, 1, None), ("Team lunch", 1, 0, None),
                                        ("Conference travel", 0, 1, 1)]


def test_alice_may_submit_but_not_cancel(example_site, example_database, browser_page):
    page = browser_page
    log_in(page, example_site, "alice")
    before = claims(example_database)
    row(page, "Team lunch").locator("button:text-is('Cancel')").click()
    output = page.locator("output.claim-result")
    output.filter(has_text="403").wait_for()
    assert output.inner_text() == "403: No permission to cancel Expense Claim 2"
    assert claims(example_database) == before
