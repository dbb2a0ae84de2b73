"""Web forms in headless Chromium against the test app: a draft saved on one visit and finished on another."""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebFormDraft
from tests.testapp.models import Article, ArticleLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIELDS = [{"fieldtype": "Page Break", "label": "Names"}, "title", "slug", {"fieldtype": "Page Break", "label": "More"},
          "status", {"fieldname": "body", "depends_on": 'eval:doc.status=="review"'},
          {"fieldname": "links", "fieldtype": "Table", "label": "Links", "options": "label\nurl", "max_rows": 2}]


def log_in(page, base):
    page.goto(f"{base}/login")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_draft_is_finished_later(page, live_server, user, make_form):
    make_form("later", fields=FIELDS, login_required=True, show_list=True, allow_incomplete=True)
    base = live_server.url
    log_in(page, base)
    page.goto(f"{base}/later/new")
    page.fill("#id_title", "Half done")
    page.click("button.web-form-save-draft")  # no slug yet: a draft needs none
    page.wait_for_url("**/later/new?draft=*")
    assert "A draft you saved on" in page.locator(".web-form-draft-notice").inner_text()
    assert Article.objects.count() == 0 and WebFormDraft.objects.count() == 1

    page.goto(f"{base}/later/list")  # another day
    assert page.locator(".web-form-drafts li").inner_text().startswith("Draft")
    page.click(".web-form-drafts a")
    assert page.input_value("#id_title") == "Half done"
    page.fill("#id_slug", "half-done")
    page.click("button.web-form-next")
    assert page.locator(".web-form-step-count").inner_text() == "Step 2 of 2"
    assert not page.locator('[data-fieldname="body"]').is_visible()
    page.select_option("#id_status", "review")
    assert page.locator('[data-fieldname="body"]').is_visible()
    page.fill("#id_body", "Please read")
    page.fill("#id_links-0-label", "Docs")
    page.click("button.web-form-add-row")
    page.fill("#id_links-1-label", "Home")
    assert page.locator("button.web-form-add-row").is_disabled()  # max rows reached
    page.click("button.web-form-submit")
    page.wait_for_selector(".message-body")

    assert list(Article.objects.values_list("title", "slug", "status", "body", "owner")) == [
        ("Half done", "half-done", "review", "Please read", user.pk)]
    assert list(ArticleLink.objects.order_by("pk").values_list("label", flat=True)) == ["Docs", "Home"]
    assert WebFormDraft.objects.count() == 0


def test_a_keyed_link_is_opened_filled_in_and_used_once(page, live_server, make_form):
    from django_frappe_web.models import WebFormRequest
    from django_frappe_web.web_forms.keyed_links import new_key

    web_form = make_form("invited", fields=["title", "slug", "status", "views"])
    invite = WebFormRequest.objects.create(web_form=web_form, key=new_key(), values={"title": "For Ada"},
                                           hidden_values={"status": "review"})
    link = f"{live_server.url}/invited/new?key={invite.key}"
    page.goto(link)
    assert page.input_value("#id_title") == "For Ada"
    assert page.is_disabled("#id_status") and page.input_value("#id_status") == "review"
    page.evaluate("document.getElementById('id_status').disabled = false")  # a visitor tampering with the page
    page.select_option("#id_status", "done")
    page.fill("#id_slug", "for-ada")
    page.click("button.web-form-submit")
    page.wait_for_selector(".message-body")
    assert list(Article.objects.values_list("title", "slug", "status")) == [("For Ada", "for-ada", "review")]

    response = page.goto(link)
    assert response.status == 410
    assert "This link has been used already." in page.locator("main").inner_text()


def test_a_custom_script_reacts_to_fields_and_can_stop_a_submission(page, live_server, make_form):
    script = """
    frappe.web_form.on("status", function (value) { frappe.web_form.set_value("views", value === "done" ? 7 : 0); });
    frappe.web_form.validate = function () { return frappe.web_form.get_value("title") !== "stop"; };
    """
    make_form("scripted", fields=["title", "slug", "status", "views"], client_script=script)
    page.goto(f"{live_server.url}/scripted/new")
    page.select_option("#id_status", "done")
    assert page.input_value("#id_views") == "7"
    page.fill("#id_title", "stop")
    page.fill("#id_slug", "stopped")
    page.click("button.web-form-submit")
    assert Article.objects.count() == 0  # the script said no: nothing was posted
    assert page.url.endswith("/scripted/new")
    page.fill("#id_title", "go")
    page.click("button.web-form-submit")
    page.wait_for_selector(".message-body")
    assert list(Article.objects.values_list("title", "views")) == [("go", 7)]


def test_steps_conditions_and_rows_work_without_javascript(page, live_server, make_form):
    make_form("plain", fields=FIELDS)
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(f"{live_server.url}/plain/new")
        plain.click("button.web-form-next")  # nothing filled: the server keeps us on step one
        assert plain.locator(".web-form-step-count").inner_text() == "Step 1 of 2"
        assert plain.locator(".field-title .errorlist").inner_text() == "This field is required."
        plain.fill("#id_title", "No script")
        plain.fill("#id_slug", "no-script")
        plain.click("button.web-form-next")
        assert plain.locator(".web-form-step-count").inner_text() == "Step 2 of 2"
        assert plain.locator('[data-fieldname="body"]').is_visible()  # no script to hide it; the server ignores it
        plain.fill("#id_body", "Ignored: the status is not review")
        plain.fill("#id_links-0-label", "Docs")
        plain.click("button.web-form-add-row")  # a round trip adds the row
        assert plain.locator(".web-form-step-count").inner_text() == "Step 2 of 2"
        assert plain.input_value("#id_links-0-label") == "Docs"
        plain.fill("#id_links-1-label", "Home")
        plain.click("button.web-form-submit")
        plain.wait_for_selector(".message-body")
    finally:
        context.close()
    assert list(Article.objects.values_list("title", "status", "body")) == [("No script", "draft", "")]
    assert list(ArticleLink.objects.order_by("pk").values_list("label", flat=True)) == ["Docs", "Home"]
