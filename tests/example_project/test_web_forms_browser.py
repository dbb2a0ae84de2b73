"""The example project's web forms in headless Chromium: what a visitor types, sees and saves.

The forms are the ones ``seed_demo`` creates (``demo/seed_web_forms.py``); the saved rows are
read from the server's throw-away SQLite database.
"""

from __future__ import annotations

import sqlite3

import pytest

pytestmark = pytest.mark.browser


def rows(database, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_a_guest_sends_the_contact_form(example_site, example_database, browser_page):
    page = browser_page
    page.goto(example_site + "/features")
    page.click("text=a public contact form")
    page.wait_for_url("**/contact/new")
    assert page.locator("main h1").inner_text() == "Contact us"
    assert "we read every message" in page.locator(".web-form-introduction").inner_text()

    page.fill("#id_full_name", "Ada Lovelace")
    page.fill("#id_email", "ada-at-example")
    page.select_option("#id_topic", "idea")
    page.select_option("#id_rating", "5")
    page.fill("#id_message", "Forms without JavaScript, please.")
    page.check("#id_subscribe")
    page.click("button[type=submit]")

    assert page.locator(".field-email .errorlist").inner_text() == "Enter a valid email address."
    assert page.locator(".form-errors").inner_text().startswith("Please correct the errors below.")
    assert page.input_value("#id_full_name") == "Ada Lovelace"  # what was typed is kept
    assert page.input_value("#id_message") == "Forms without JavaScript, please."
    assert page.is_checked("#id_subscribe")
    assert rows(example_database, "SELECT count(*) FROM demo_feedback") == [(0,)]

    page.fill("#id_email", "ada@example.com")
    page.click("button[type=submit]")
    assert page.locator("main h1").inner_text() == "Contact us"
    assert "Thank you for your feedback!" in page.locator(".message-body").inner_text()
    assert rows(example_database, "SELECT full_name, email, topic, rating, subscribe, owner_id FROM demo_feedback") == [
        ("Ada Lovelace", "ada@example.com", "idea", 5, 1, None)]


def test_a_user_proposes_one_talk_then_edits_it(example_site, example_database, browser_page):
    page = browser_page
    page.goto(example_site + "/talks")
    page.wait_for_url("**/login?redirect-to=/talks")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice")
    page.click("button[type=submit]")
    page.wait_for_url("**/talks/new")

    page.fill("#id_title", "Frappe on Django")
    page.fill("#id_abstract", "Web forms, stored in the database.")
    page.select_option("#id_level", "intermediate")
    page.fill("#id_duration", "90")
    page.select_option("#id_track", "Guides")
    page.fill("#id_preferred_start", "2030-05-01T14:30")
    page.click("button[type=submit]")
    assert "Ensure this value is less than or equal to 45." in page.locator(".field-duration .errorlist").inner_text()
    assert page.input_value("#id_preferred_start") == "2030-05-01T14:30"
    assert rows(example_database, "SELECT count(*) FROM demo_talkproposal") == [(0,)]

    page.fill("#id_duration", "30")
    page.click("button[type=submit]")
    assert "Your proposal is in." in page.locator(".message-body").inner_text()
    page.click("text=See your response")  # an editable response opens in edit mode (issue 10, 17e)
    page.wait_for_url("**/edit")
    assert page.locator("main h1").inner_text() == "Frappe on Django"
    assert not page.locator("#id_title").is_disabled()

    page.goto(example_site + "/talks/new")  # one proposal per user: back to the existing one, to edit
    page.wait_for_url("**/edit")
    assert page.locator("main h1").inner_text() == "Frappe on Django"
    page.fill("#id_title", "Frappe's website layer on Django")
    page.click("button[type=submit]")
    assert "Your proposal is in." in page.locator(".message-body").inner_text()

    (alice,) = rows(example_database, "SELECT id FROM auth_user WHERE username = 'alice'")
    saved = rows(example_database, "SELECT title, level, duration, needs_projector, owner_id FROM demo_talkproposal")
    assert saved == [("Frappe's website layer on Django", "intermediate", 30, 1, alice[0])]
