"""The example project's accounts in headless Chromium: sign up, verify, log in, reset a
password, open ``/me`` with its portal menu, and call a method with ``frappe.call``.

The demo mails with Django's file backend: the e-mails are read from ``sent_mail/`` next to the
server's throw-away database.
"""

from __future__ import annotations

import email
import email.policy
import re
import sqlite3
import time

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-42"


def rows(database, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def mails(database) -> list[str]:
    folder = database.parent / "sent_mail"
    # In the order written: the backend names files by second and object id, so two mails of one
    # second would sort by id.
    paths = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime_ns) if folder.exists() else []
    return [path.read_text() for path in paths]


def wait_for_mail(database, count: int) -> str:
    """The ``count``-th e-mail sent (runserver writes it before answering, so this is quick)."""
    deadline = time.monotonic() + 10
    while len(mails(database)) < count:
        assert time.monotonic() < deadline, mails(database)
        time.sleep(0.1)
    return mails(database)[count - 1]


def link_in(mail: str, base: str) -> str:
    """The link in the mail's text, decoded (Django 6 sends long lines base64- or QP-encoded)."""
    message = email.message_from_string(mail.split("\n" + "-" * 79)[0], policy=email.policy.default)
    text = message.get_body(preferencelist=("plain", "html")).get_content()
    match = re.search(r"https?://[^/\s]+(/\S+)", text)
    assert match, text
    return base + match.group(1)


def test_a_visitor_signs_up_verifies_logs_in_and_resets_the_password(example_site, example_database, browser_page):
    page = browser_page
    page.goto(example_site + "/login")
    page.click("text=Sign up")
    page.wait_for_url("**/signup")
    page.fill("#id_full_name", "Grace Hopper")
    page.fill("#id_email", "grace@example.com")
    page.fill("#id_password", "12345")
    page.click("button[type=submit]")
    assert "This password is too short" in page.locator(".signup-page").inner_text()
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    assert "Please check your email for verification" in page.locator(".message-body").inner_text()
    assert rows(example_database, "SELECT username, is_active FROM auth_user WHERE email = 'grace@example.com'") == [
        ("grace@example.com", 0)]

    mail = wait_for_mail(example_database, 1)
    assert "To: grace@example.com" in mail
    page.goto(link_in(mail, example_site))
    assert page.locator("main h1").inner_text() == "E-mail address verified"
    page.click("text=Log in")
    page.fill("#id_username", "grace@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/me")
    assert page.locator(".account-name").inner_text() == "Grace Hopper"
    # The portal menu: "My talk proposal" is for everybody, "Expense claims" only for Claimants.
    assert page.locator(".portal-menu a").all_inner_texts() == ["My talk proposal"]
    assert page.locator(".portal-menu-list a").all_inner_texts() == ["My talk proposal"]
    assert rows(example_database, "SELECT g.name FROM auth_group g JOIN auth_user_groups ug ON ug.group_id = g.id "
                "JOIN auth_user u ON u.id = ug.user_id WHERE u.username = 'grace@example.com'") == [("Customer",)]

    page.click("text=Log out")
    page.click("button[type=submit]")
    page.goto(example_site + "/login")
    page.click("text=Forgot password?")
    page.fill("#id_email", "grace@example.com")
    page.click("button[type=submit]")
    assert "If an account exists for this address" in page.locator(".message-body").inner_text()
    reset = wait_for_mail(example_database, 2)
    page.goto(link_in(reset, example_site))
    page.fill("#id_new_password1", "zebra-quantum-lantern-58")
    page.fill("#id_new_password2", "zebra-quantum-lantern-58")
    page.click("button[type=submit]")
    assert page.locator("main h1").inner_text() == "My Account", page.locator("main").inner_text()
    page.wait_for_url("**/me")  # logged in with the new password set
    assert page.locator(".account-email").inner_text() == "grace@example.com"


def test_the_tour_button_calls_a_method_with_frappe_call(example_site, browser_page):
    page = browser_page
    page.goto(example_site + "/features")
    assert page.evaluate("frappe.session.user") == "Guest"
    page.click("#whoami")
    dialog = page.locator(".frappe-msgprint")
    assert dialog.locator(".msgprint-title").inner_text() == "Who am I?"
    assert dialog.locator(".msgprint-message").inner_text() == "Hello, Guest!"
    page.wait_for_function("document.getElementById('whoami').dataset.answer === 'Guest'")
    dialog.locator(".msgprint-close").click()
    assert page.locator(".frappe-msgprint").count() == 0


def test_a_logged_in_user_calls_a_post_method_with_the_csrf_token(example_site, browser_page):
    page = browser_page
    page.goto(example_site + "/login")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice")
    page.click("button[type=submit]")
    page.wait_for_url("**/me")
    assert page.evaluate("frappe.session.user") == "alice"
    assert page.evaluate("frappe.csrf_token.length") > 30
    answer = page.evaluate("frappe.call('demo.api.remember_theme', {theme: 'dark'}).then(r => r.message)")
    assert answer == {"theme": "dark"}
    # A failing call shows the server's message and rejects.
    status = page.evaluate("frappe.call({method: 'demo.api.no_such_method'}).catch(r => r.http_status_code)")
    assert status == 404
    assert page.locator(".frappe-msgprint").count() >= 1
