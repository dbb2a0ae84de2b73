"""depends_on / mandatory_depends_on: Frappe's conditions, parsed (never evaluated as code), enforced by the server."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest

from django_frappe_web.web_forms.conditions import ConditionError, parse
from tests.testapp.models import Article, ArticleLink

from .conftest import VALID_ARTICLE, field_errors

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


@pytest.mark.parametrize(("source", "values", "expected"), [
    ("body", {"body": "x"}, True),
    ("body", {"body": ""}, False),
    ("body", {}, False),
    ('eval:doc.country=="DE"', {"country": "DE"}, True),
    ("eval:doc.country === 'DE'", {"country": "FR"}, False),
    ('eval:doc.country!="DE"', {"country": None}, True),
    ('eval:doc.country==""', {"country": None}, True),
    ("eval:doc.agree", {"agree": False}, False),
    ("eval:doc.agree==1", {"agree": True}, True),
    ("eval:!doc.agree", {"agree": False}, True),
    ("eval:doc.views > 10", {"views": 11}, True),
    ("eval:doc.views >= 10 && doc.views < 20", {"views": Decimal("10.0")}, True),
    ('eval:doc.views == "3"', {"views": 3}, True),
    ("eval:doc.a || (doc.b && !doc.c)", {"a": 0, "b": "x", "c": ""}, True),
    ('eval:doc.day > "2026-01-01"', {"day": datetime.date(2026, 5, 1)}, True),
    ("eval:doc.x == null", {}, True),
    ('eval:doc.q == "it\\"s"', {"q": 'it"s'}, True),
])
def test_conditions_evaluate_as_in_the_page(source, values, expected):
    assert parse(source).evaluate(values) is expected


def test_a_condition_knows_the_fields_it_reads():
    assert parse("eval:doc.a == 1 && (doc.b || !doc.c)").fieldnames == {"a", "b", "c"}
    assert parse("   ") is None


@pytest.mark.parametrize(("source", "message"), [
    ("eval:alert(1)", "“alert(...)”: conditions cannot call functions."),
    ("eval:doc.x.constructor", "“doc.x.constructor”: a condition can only read doc.<field>"),
    ("eval:doc.name.toLowerCase()", "cannot call functions"),
    ('eval:__import__("os").system("id")', "“.” is not allowed in a condition."),
    ('eval:__import__("os")', "“__import__(...)”: conditions cannot call functions."),
    ("eval:window", "“window”: a condition can only read doc.<field>"),
    ("eval:frappe.session.user", "a condition can only read doc.<field>"),
    ("eval:doc['x']", "“[” is not allowed"),
    ("eval:doc.x = 1", "“=” is not allowed"),
    ("eval:(doc.x", "A “(” is not closed"),
    ("eval:doc.x ==", "ends too early"),
    ("eval:doc.x doc.y", "Unexpected “doc.y”"),
    ("eval:", "empty"),
    ("doc.x", "neither a field name nor an eval: expression"),
    ("eval:" + "(" * 60 + "1" + ")" * 60, "nested too deeply"),
    ("eval:" + "1 || " * 200 + "1", "at most 500 characters"),
])
def test_anything_else_is_refused_with_the_reason(source, message):
    with pytest.raises(ConditionError, match=re.escape(message)):
        parse(source)


# -- on the server ---------------------------------------------------------------------------

REVIEW = 'eval:doc.status=="review"'


@pytest.fixture
def review_form(make_form):
    return make_form("review", fields=["title", "slug", "status", "views",
                                       {"fieldname": "body", "depends_on": REVIEW, "mandatory_depends_on": REVIEW},
                                       {"fieldname": "links", "fieldtype": "Table", "options": "label",
                                        "depends_on": REVIEW}])


@pytest.mark.django_db
def test_the_page_carries_the_condition_for_the_script(client, review_form):
    html = client.get("/review/new").content.decode()
    assert '<div class="web-form-entry" data-fieldname="body" data-depends-on="eval:doc.status==&quot;review&quot;">' in html


@pytest.mark.django_db
def test_a_field_hidden_by_its_condition_is_neither_required_nor_saved(client, review_form):
    data = {**VALID_ARTICLE, "body": "Not for drafts", "links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0",
            "links-0-label": "Not for drafts either"}
    response = client.post("/review/new", data)
    assert response.status_code == 200
    assert list(Article.objects.values_list("status", "body")) == [("draft", "")]
    assert ArticleLink.objects.count() == 0


@pytest.mark.django_db
def test_a_field_made_mandatory_by_its_condition_must_be_filled(client, review_form):
    response = client.post("/review/new", {**VALID_ARTICLE, "status": "review"})
    assert response.status_code == 417
    assert field_errors(response) == {"body": ["This field is required."]}
    assert Article.objects.count() == 0
    response = client.post("/review/new", {**VALID_ARTICLE, "status": "review", "body": "Please review",
                                           "links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0", "links-0-label": "L"})
    assert response.status_code == 200
    assert list(Article.objects.values_list("body", flat=True)) == ["Please review"]
    assert list(ArticleLink.objects.values_list("label", flat=True)) == ["L"]


@pytest.mark.django_db
def test_an_invalid_value_in_a_hidden_field_is_ignored(client, make_form):
    make_form("rated", fields=["title", "slug", "status", "views", {"fieldname": "rating", "depends_on": REVIEW}])
    response = client.post("/rated/new", {**VALID_ARTICLE, "rating": "not a number"})
    assert response.status_code == 200
    assert list(Article.objects.values_list("rating", flat=True)) == [None]


@pytest.mark.django_db
def test_accept_enforces_conditions_too(client, review_form):
    body = {"web_form": "review", "data": {**VALID_ARTICLE, "status": "review"}}
    response = client.post(ACCEPT, json.dumps(body), content_type="application/json")
    assert response.status_code == 417
    assert "Body: This field is required." in json.dumps(response.json())
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_condition_saved_around_the_admin_that_does_not_parse_is_ignored(client, make_form, caplog):
    make_form("odd", fields=["title", "slug", "status", "views", {"fieldname": "body", "depends_on": "eval:alert(1)"}])
    response = client.post("/odd/new", {**VALID_ARTICLE, "body": "Shown and saved"})
    assert response.status_code == 200
    assert list(Article.objects.values_list("body", flat=True)) == ["Shown and saved"]
    assert "ignoring depends_on of 'body'" in caplog.text


@pytest.fixture
def section_form(make_form):
    return make_form("sectioned", fields=[
        "title", "slug", "status", "views",
        {"fieldtype": "Section Break", "label": "Review", "depends_on": REVIEW},
        {"fieldname": "body", "reqd": True},
        {"fieldname": "links", "fieldtype": "Table", "options": "label"},
    ])


@pytest.mark.django_db
def test_a_hidden_section_hides_what_it_holds(client, section_form):
    html = client.get("/sectioned/new").content.decode()
    assert '<div class="web-form-section" data-depends-on="eval:doc.status==&quot;review&quot;">' in html
    data = {**VALID_ARTICLE, "body": "", "links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0", "links-0-label": "L"}
    response = client.post("/sectioned/new", data)
    assert response.status_code == 200  # body is mandatory, but in a hidden section
    assert list(Article.objects.values_list("body", flat=True)) == [""] and ArticleLink.objects.count() == 0


@pytest.mark.django_db
def test_a_shown_section_holds_what_it_requires(client, section_form):
    response = client.post("/sectioned/new", {**VALID_ARTICLE, "status": "review"})
    assert response.status_code == 417
    assert field_errors(response) == {"body": ["This field is required."]}
    assert Article.objects.count() == 0
