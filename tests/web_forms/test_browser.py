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
