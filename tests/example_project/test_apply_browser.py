"""The example project's multi-step application form (/apply) in headless Chromium: steps validated by
the server, a field shown and required for one country only, and a child table whose rows the page adds."""

from __future__ import annotations

import pytest

from .test_web_forms_browser import rows

pytestmark = pytest.mark.browser


def post_step(page, button: str) -> None:
    """Click a button that posts the step to the server, then wait (bounded) for the answer to load:
    the click returns once the new page is committed, before its deferred web_form.js has hidden
    conditional fields or taken over "Add a row", and before count()/is_visible() can trust the DOM."""
    page.click(button)
    page.wait_for_load_state(timeout=10_000)


def test_a_guest_applies_in_three_steps(example_site, example_database, browser_page):
    page = browser_page
    page.goto(example_site + "/features")
    page.click("text=a multi-step volunteer application")
    page.wait_for_url("**/apply/new")
    assert page.locator(".web-form-step-count").inner_text() == "Step 1 of 3"
    assert page.locator(".web-form-progress li[aria-current=step]").inner_text() == "About you"
    tax_id = page.locator('[data-fieldname="tax_id"]')
    assert not tax_id.is_visible()  # shown for Germany only

    page.fill("#id_full_name", "Ada Lovelace")
    page.fill("#id_email", "ada@example.com")
    page.select_option("#id_country", "DE")
    assert tax_id.is_visible()  # the script follows the condition as the visitor picks
    post_step(page, "button.web-form-next")
    assert page.locator(".web-form-step-count").inner_text() == "Step 1 of 3"  # the server kept us here
    assert page.locator(".field-tax_id .errorlist").inner_text() == "This field is required."
    page.select_option("#id_country", "FR")
    assert not tax_id.is_visible()
    page.select_option("#id_country", "DE")
    page.fill("#id_tax_id", "12345678901")
    post_step(page, "button.web-form-next")

    assert page.locator(".web-form-step-count").inner_text() == "Step 2 of 3"
    assert page.locator("h2.web-form-page-title:visible").inner_text() == "Why"
    page.fill("#id_motivation", "I like forms.")
    post_step(page, "button.web-form-next")

    assert page.locator(".web-form-step-count").inner_text() == "Step 3 of 3"
    table = page.locator('fieldset[data-table="references"]')
    assert table.locator("tbody tr.web-form-row").count() == 1
    table.locator("button.web-form-add-row").click()  # the script adds the row: no round trip
    assert table.locator("tbody tr.web-form-row").count() == 2
    assert page.locator(".web-form-step-count").inner_text() == "Step 3 of 3"
    page.fill("#id_references-0-full_name", "Charles Babbage")
    page.fill("#id_references-0-email", "charles@example.com")
    page.fill("#id_references-1-full_name", "Mary Somerville")
    page.fill("#id_references-1-relation", "Tutor")
    assert rows(example_database, "SELECT count(*) FROM demo_volunteerapplication") == [(0,)]
    page.click("button.web-form-submit")

    assert "Thank you for applying!" in page.locator(".message-body").inner_text()
    assert rows(example_database, "SELECT full_name, email, country, tax_id, motivation FROM "
                                  "demo_volunteerapplication") == [
        ("Ada Lovelace", "ada@example.com", "DE", "12345678901", "I like forms.")]
    assert rows(example_database, "SELECT full_name, email, relation FROM demo_applicationreference ORDER BY id") == [
        ("Charles Babbage", "charles@example.com", ""), ("Mary Somerville", "", "Tutor")]


def test_previous_keeps_what_was_typed(example_site, browser_page):
    page = browser_page
    page.goto(example_site + "/apply/new")
    page.fill("#id_full_name", "Grace Hopper")
    page.fill("#id_email", "grace@example.com")
    page.select_option("#id_country", "other")
    post_step(page, "button.web-form-next")
    assert page.locator(".web-form-step-count").inner_text() == "Step 2 of 3"
    post_step(page, "button.web-form-previous")
    assert page.locator(".web-form-step-count").inner_text() == "Step 1 of 3"
    assert page.input_value("#id_full_name") == "Grace Hopper"
    assert not page.locator('[data-fieldname="tax_id"]').is_visible()
