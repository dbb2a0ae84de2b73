"""Limits and spam: a per-form attachment size, the honeypot, and the captcha provider's hook."""

from __future__ import annotations

import json

import pytest
from django.core.checks import Error, Warning
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from django_frappe_web.checks import check_settings
from django_frappe_web.models import File
from django_frappe_web.web_forms.spam import HONEYPOT_FIELD
from tests.testapp.models import Article

from .conftest import VALID_ARTICLE, field_errors, non_field_errors

pytestmark = pytest.mark.django_db

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
CAPTCHA = {"WEB_FORM_CAPTCHA_VALIDATOR": "tests.web_forms.test_spam.fake_captcha",
           "WEB_FORM_CAPTCHA_TEMPLATE": "testapp/captcha.html"}
NOT_CALLABLE = 42


def fake_captcha(request, web_form):
    """A provider's validator: the answer is "human"."""
    if request.POST.get("captcha_answer") != "human":
        raise DjangoValidationError("Please prove you are human.")


@pytest.fixture
def captcha(settings):
    settings.FRAPPE_WEB = {**getattr(settings, "FRAPPE_WEB", {}), **CAPTCHA}


def test_a_filled_honeypot_is_refused_and_saves_nothing(client, article_form):
    html = client.get("/articles/new").content.decode()
    assert f'name="{HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"' in html
    response = client.post("/articles/new", {**VALID_ARTICLE, HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 400
    assert "filled in a field people cannot see" in response.content.decode()
    assert Article.objects.count() == 0
    assert client.post("/articles/new", {**VALID_ARTICLE, HONEYPOT_FIELD: ""}).status_code == 200


def test_an_attachment_over_the_forms_limit_is_an_error_on_its_field(client, make_form):
    make_form("uploads", fields=["title", "slug", "status", "views", {"fieldname": "route", "fieldtype": "Attach"}],
              max_attachment_size=1)
    big = SimpleUploadedFile("big.txt", b"x" * (1024 * 1024 + 1), content_type="text/plain")
    response = client.post("/uploads/new", {**VALID_ARTICLE, "route": big})
    assert response.status_code == 417
    assert field_errors(response) == {"route": ["The file is too large: at most 1 MB."]}
    assert Article.objects.count() == 0 and File.objects.count() == 0
    small = SimpleUploadedFile("small.txt", b"x" * 1024, content_type="text/plain")
    assert client.post("/uploads/new", {**VALID_ARTICLE, "route": small}).status_code == 200


def test_the_captcha_widget_is_in_the_form_and_its_validator_decides(client, article_form, captcha):
    assert '<div class="fake-captcha">' in client.get("/articles/new").content.decode()
    response = client.post("/articles/new", {**VALID_ARTICLE, "captcha_answer": "robot"})
    assert response.status_code == 417
    assert non_field_errors(response) == ["Captcha: Please prove you are human."]
    assert Article.objects.count() == 0
    assert client.post("/articles/new", {**VALID_ARTICLE, "captcha_answer": "human"}).status_code == 200


def test_accept_runs_the_captcha_validator_too(client, article_form, captcha):
    response = client.post(ACCEPT, {"web_form": "articles", "data": json.dumps(VALID_ARTICLE)})
    assert response.status_code == 417
    assert "Please prove you are human." in json.dumps(response.json())
    assert Article.objects.count() == 0


@pytest.mark.parametrize(("configured", "check_id"), [
    ({"WEB_FORM_CAPTCHA_VALIDATOR": "tests.web_forms.test_spam.NOT_CALLABLE"}, "django_frappe_web.E090"),
    ({"WEB_FORM_CAPTCHA_VALIDATOR": "tests.web_forms.test_spam.fake_captcha"}, "django_frappe_web.W090"),
    ({"WEB_FORM_CAPTCHA_VALIDATOR": "tests.web_forms.nowhere.validator"}, "django_frappe_web.E007"),
])
def test_the_captcha_settings_are_checked(settings, configured, check_id):
    settings.FRAPPE_WEB = {**getattr(settings, "FRAPPE_WEB", {}), **configured}
    found = [message for message in check_settings() if message.id == check_id]
    assert len(found) == 1 and isinstance(found[0], Error if ".E" in check_id else Warning)
    assert "WEB_FORM_CAPTCHA_VALIDATOR" in found[0].msg or "nowhere" in found[0].msg
