"""Sections, columns and steps (Section/Column/Page Break): a multi-step form, each step a POST."""

from __future__ import annotations

import re

import pytest

from django_frappe_web.web_forms.layout import ACTION_FIELD, STEP_FIELD, Page, Section, build_pages
from tests.testapp.models import Article

from .conftest import field_errors

pytestmark = pytest.mark.django_db

STEPS = [
    {"fieldtype": "Page Break", "label": "The article"},
    {"fieldtype": "Section Break", "label": "Basics", "description": "What it is called"},
    "title",
    {"fieldtype": "Column Break"},
    "slug",
    {"fieldtype": "Page Break", "label": "Details"},
    "status",
    "views",
    "body",
]
STEP_ONE = {"title": "Hello", "slug": "hello"}
STEP_TWO = {"status": "done", "views": "3", "body": "Text"}


@pytest.fixture
def steps_form(make_form):
    return make_form("steps", fields=STEPS)


def shown_step(response) -> int:
    """The step a page shows: the one page not ``hidden``."""
    html = response.content.decode()
    shown = re.findall(r'<div class="web-form-page" data-page="(\d+)">', html)
    assert len(shown) == 1, shown
    return int(shown[0])


def post(client, step, action=None, **values):
    data = {STEP_FIELD: str(step), **values}
    if action:
        data[ACTION_FIELD] = action
    return client.post("/steps/new", data)


def test_breaks_make_pages_sections_and_columns():
    items = [("break", "Page Break", "One", ""), ("break", "Section Break", "Basics", "Text"), ("field", "a"),
             ("break", "Column Break", "", ""), ("field", "b"), ("break", "Page Break", "Two", ""), ("table", "rows")]
    assert build_pages(items) == [
        Page("One", [Section("Basics", "Text", [["a"], ["b"]])]),
        Page("Two", [Section("", "", [["rows"]])]),
    ]
    assert build_pages([("field", "a")]) == [Page("", [Section("", "", [["a"]])])]
    assert build_pages([("break", "Page Break", "Empty", ""), ("break", "Page Break", "", "")]) == [Page()]


def test_the_first_step_is_shown_with_a_progress_indicator(client, steps_form):
    response = client.get("/steps/new")
    html = response.content.decode()
    assert response.status_code == 200
    assert shown_step(response) == 0
    assert '<div class="web-form-page" data-page="1" hidden>' in html  # in the page, not shown
    assert 'aria-current="step">The article</li>' in html and "Step 1 of 2" in html
    assert '<h3 class="web-form-section-title">Basics</h3>' in html and "What it is called" in html
    assert html.count('<div class="web-form-column">') == 3  # title | slug, then status/views/body
    assert f'name="{ACTION_FIELD}" value="next" class="btn btn-primary web-form-next">Next</button>' in html
    assert "web-form-submit" not in html and "web-form-previous" not in html
    assert '<script src="/static/frappe_web/web_form.js" defer></script>' in html


def test_next_checks_only_the_step_and_saves_nothing(client, steps_form):
    response = post(client, 0, "next", slug="hello")
    assert response.status_code == 417
    assert shown_step(response) == 0
    assert field_errors(response) == {"title": ["This field is required."]}  # not the next step's fields
    assert Article.objects.count() == 0

    response = post(client, 0, "next", **STEP_ONE)
    assert response.status_code == 200
    assert shown_step(response) == 1
    assert field_errors(response) == {}
    html = response.content.decode()
    assert 'name="title" value="Hello"' in html  # carried, in the hidden step
    assert f'<input type="hidden" name="{STEP_FIELD}" value="1">' in html
    assert "web-form-submit" in html and "web-form-previous" in html
    assert Article.objects.count() == 0


def test_previous_goes_back_without_checking(client, steps_form):
    response = post(client, 1, "previous", title="Hello", status="bogus")
    assert response.status_code == 200
    assert shown_step(response) == 0
    assert field_errors(response) == {}
    assert 'name="title" value="Hello"' in response.content.decode()


def test_the_last_step_submits_the_whole_form(client, steps_form):
    response = post(client, 1, **STEP_ONE, **STEP_TWO)
    assert response.status_code == 200
    assert "Thank you!" in response.content.decode()
    assert list(Article.objects.values_list("title", "slug", "status", "views", "body")) == [
        ("Hello", "hello", "done", 3, "Text")]


def test_skipping_a_step_is_caught_on_submit_and_shows_that_step(client, steps_form):
    response = post(client, 1, slug="hello", **STEP_TWO)  # step one never passed: no title
    assert response.status_code == 417
    assert shown_step(response) == 0
    assert field_errors(response) == {"title": ["This field is required."]}
    assert Article.objects.count() == 0


def test_a_taken_value_from_an_earlier_step_is_shown_on_that_step(client, steps_form):
    Article.objects.create(title="Old", slug="hello")
    response = post(client, 1, **STEP_ONE, **STEP_TWO)
    assert response.status_code == 409
    assert shown_step(response) == 0
    assert "slug" in field_errors(response)
    assert Article.objects.count() == 1


@pytest.mark.parametrize("step", ["99", "-1", "x", ""])
def test_an_odd_step_number_is_the_first_step(client, steps_form, step):
    response = client.post("/steps/new", {STEP_FIELD: step, ACTION_FIELD: "next", **STEP_ONE})
    assert response.status_code == 200
    assert shown_step(response) == 1
    assert Article.objects.count() == 0


def test_moving_between_steps_is_not_a_submission(client, steps_form, settings):
    settings.FRAPPE_WEB = {**getattr(settings, "FRAPPE_WEB", {}), "WEB_FORM_RATE_LIMIT": {"limit": 1, "seconds": 60}}
    for _ in range(3):
        assert post(client, 0, "next", **STEP_ONE).status_code == 200
    assert post(client, 1, **STEP_ONE, **STEP_TWO).status_code == 200
    assert post(client, 1, **STEP_ONE, **{**STEP_TWO}).status_code == 429
    assert Article.objects.count() == 1


def test_a_single_page_form_has_no_steps(client, article_form):
    html = client.get("/articles/new").content.decode()
    assert "web-form-progress" not in html and STEP_FIELD not in html
    assert '<div class="web-form-page" data-page="0">' in html
