"""Message pages: one template, plain text escaped, HTML only when it is marked safe (staff's Markdown,
``format_html``) or comes through Frappe's ``respond_as_web_page``, which takes HTML."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.html import format_html

from django_frappe_web.responses import render_message_page
from django_frappe_web.website.renderers.not_found_page import NotFoundPage

pytestmark = pytest.mark.django_db


def renderer():
    request = RequestFactory().get("/somewhere")
    request.user = AnonymousUser()
    return NotFoundPage("somewhere", request)


def test_plain_text_is_escaped_in_a_renderers_message_page():
    response = renderer().message_page("Oops", "<img src=x onerror=alert(1)>", 400, primary_label="Back")
    body = response.content.decode()
    assert response.status_code == 400
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body
    assert 'class="navbar"' in body  # in the site's layout


def test_html_marked_safe_is_kept():
    response = renderer().message_page("Done", format_html("<p>Thanks, {}</p>", "<b>Ada</b>"))
    assert "<p>Thanks, &lt;b&gt;Ada&lt;/b&gt;</p>" in response.content.decode()


def test_respond_as_web_page_takes_html_as_frappe_does():
    response = render_message_page(None, "Hello", "<b>bold</b>")
    assert "<b>bold</b>" in response.content.decode()
