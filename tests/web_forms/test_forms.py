"""The Django form built from a web form: field types, the model's constraints, links limited to what one may read."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import models

from django_frappe_web.doctypes import get_doctype
from django_frappe_web.web_forms.fields import MAX_TEXT_LENGTH, allowed_fieldtypes, default_fieldtype, form_fields_of
from django_frappe_web.web_forms.forms import FieldSpec, SubmissionForm, build_form_field, load_spec
from tests.testapp.models import Article, Category

from .conftest import VALID_ARTICLE

GUEST = AnonymousUser()


def spec_for(model_field: models.Field, fieldtype: str, **overrides) -> FieldSpec:
    values = {"fieldname": "x", "label": "X", "fieldtype": fieldtype, "reqd": False, "default": "", "options": [],
              "description": "", "hidden": False, "read_only": False, "model_field": model_field}
    return FieldSpec(**{**values, **overrides})


def rendered(form_field, value=None) -> str:
    return form_field.widget.render("x", value)


# -- field types -------------------------------------------------------------------------


@pytest.mark.parametrize(("model_field", "fieldtype", "html"), [
    (models.CharField(max_length=50), "Data", 'type="text"'),
    (models.CharField(max_length=50), "Phone", 'type="tel"'),
    (models.CharField(max_length=50), "Password", 'type="password"'),
    (models.CharField(max_length=50), "Email", 'type="email"'),
    (models.URLField(), "URL", 'type="url"'),
    (models.TextField(blank=True), "Text", "<textarea"),
    (models.TextField(blank=True), "Small Text", 'rows="3"'),
    (models.IntegerField(), "Int", 'type="number"'),
    (models.FloatField(), "Float", 'type="number"'),
    (models.DecimalField(max_digits=6, decimal_places=2), "Currency", 'step="0.01"'),
    (models.DateField(), "Date", 'type="date"'),
    (models.DateTimeField(), "Datetime", 'type="datetime-local"'),
    (models.BooleanField(default=False), "Check", 'type="checkbox"'),
    (models.CharField(max_length=10, choices=[("a", "Apple"), ("b", "Banana")]), "Select", "<option value=\"b\">Banana"),
])
def test_each_field_type_renders_its_html_input(model_field, fieldtype, html):
    assert html in rendered(build_form_field(spec_for(model_field, fieldtype), GUEST))


def test_text_keeps_the_models_max_length_and_caps_free_text():
    assert build_form_field(spec_for(models.CharField(max_length=50), "Data"), GUEST).max_length == 50
    assert build_form_field(spec_for(models.TextField(), "Text"), GUEST).max_length == MAX_TEXT_LENGTH


def test_email_and_url_validate_like_djangos_fields():
    email = build_form_field(spec_for(models.CharField(max_length=50), "Email", reqd=True), GUEST)
    assert email.clean("a@example.com") == "a@example.com"
    with pytest.raises(Exception, match="valid email"):
        email.clean("not an email")
    url = build_form_field(spec_for(models.URLField(blank=True), "URL"), GUEST)
    assert url.clean("example.com/x") == "https://example.com/x"


def test_dates_parse_what_the_browser_inputs_send():
    date = build_form_field(spec_for(models.DateField(), "Date"), GUEST)
    assert date.clean("2024-05-01") == datetime.date(2024, 5, 1)
    stamp = build_form_field(spec_for(models.DateTimeField(), "Datetime"), GUEST)
    assert stamp.clean("2024-05-01T10:30").replace(tzinfo=None) == datetime.datetime(2024, 5, 1, 10, 30)
    assert 'value="2024-05-01T10:30"' in rendered(stamp, datetime.datetime(2024, 5, 1, 10, 30))


def test_select_from_options_keeps_the_models_labels_and_refuses_others():
    model_field = models.CharField(max_length=10, choices=[("a", "Apple"), ("b", "Banana"), ("c", "Cherry")])
    field = build_form_field(spec_for(model_field, "Select", options=["a", "c"]), GUEST)
    assert list(field.choices) == [("", "---------"), ("a", "Apple"), ("c", "Cherry")]
    with pytest.raises(Exception, match="valid choice"):
        field.clean("b")
    plain = build_form_field(spec_for(models.CharField(max_length=10, blank=True), "Select", options=["x", "y"]), GUEST)
    assert plain.clean("y") == "y" and not plain.required


def test_select_from_options_is_typed_like_the_model_field():
    rating = build_form_field(spec_for(models.PositiveSmallIntegerField(null=True, blank=True), "Select",
                                       options=["1", "2", "3"]), GUEST)
    assert rating.clean("2") == 2
    assert rating.clean("") is None


def test_checkbox_is_required_only_when_mandatory():
    assert not build_form_field(spec_for(models.BooleanField(default=False), "Check"), GUEST).required
    agree = build_form_field(spec_for(models.BooleanField(default=False), "Check", reqd=True), GUEST)
    assert agree.required and agree.clean(True) is True


def test_mandatory_defaults_labels_and_descriptions():
    field = build_form_field(spec_for(models.CharField(max_length=20, blank=True), "Data", reqd=True, default="hi",
                                      label="Your name", description="As on your badge"), GUEST)
    assert field.required and field.initial == "hi"
    assert (field.label, field.help_text) == ("Your name", "As on your badge")
    assert build_form_field(spec_for(models.CharField(max_length=20), "Data"), GUEST).required  # the model's blank=False
    assert build_form_field(spec_for(models.BooleanField(), "Check", default="1"), GUEST).initial is True


@pytest.mark.django_db
def test_a_link_offers_only_what_the_visitor_may_read(user, superuser):
    owner = Article._meta.get_field("owner")  # a link to User, which guests and plain users may not read
    spec = spec_for(owner, "Link")
    assert list(build_form_field(spec, GUEST).queryset) == []
    assert list(build_form_field(spec, user).queryset) == []
    assert set(build_form_field(spec, superuser).queryset) == {user, superuser}
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    assert build_form_field(spec, user).queryset.count() == 2


@pytest.mark.django_db
def test_a_link_shows_titles_and_posts_names():
    Category.objects.create(name="News")
    field = build_form_field(spec_for(Article._meta.get_field("category"), "Link"), GUEST)
    assert '<option value="News">News</option>' in rendered(field)
    assert field.clean("News") == Category.objects.get(name="News")
    with pytest.raises(Exception, match="valid choice"):
        field.clean("Missing")


# -- what the model allows ---------------------------------------------------------------


def test_field_types_follow_the_model_field():
    fields = {f.name: f for f in Article._meta.fields}
    assert default_fieldtype(fields["title"]) == "Data"
    assert default_fieldtype(fields["body"]) == "Text"
    assert default_fieldtype(fields["status"]) == "Select"
    assert default_fieldtype(fields["views"]) == "Int"
    assert default_fieldtype(fields["rating"]) == "Float"
    assert default_fieldtype(fields["published"]) == "Check"
    assert default_fieldtype(fields["published_on"]) == "Date"
    assert default_fieldtype(fields["category"]) == "Link"
    assert allowed_fieldtypes(fields["status"]) == ("Select",)
    assert "Int" not in allowed_fieldtypes(fields["title"])


def test_server_owned_fields_are_never_offered():
    usable = form_fields_of(get_doctype("Article"))
    assert {"owner", "modified_by", "creation", "modified", "id"}.isdisjoint(usable)
    assert {"title", "slug", "published", "category"} <= set(usable)


@pytest.mark.django_db
def test_rows_that_cannot_work_are_skipped_not_fatal(make_form, caplog):
    web_form = make_form(fields=["title", "nope", "owner", {"fieldname": "slug", "fieldtype": "Int"}])
    spec = load_spec(web_form)
    assert [f.fieldname for f in spec.fields] == ["title"]
    assert "skipping field 'nope'" in caplog.text


@pytest.mark.django_db
def test_hidden_fields_are_not_in_the_form_and_read_only_ones_ignore_input(make_form):
    web_form = make_form(fields=["title", "slug", {"fieldname": "status", "hidden": True, "default": "review"},
                                 {"fieldname": "views", "read_only": True, "default": "7"}])
    spec = load_spec(web_form)
    form = SubmissionForm(spec, GUEST, data={**VALID_ARTICLE, "status": "done", "views": "99"})
    assert "status" not in form.fields
    assert form.is_valid(), form.errors
    assert form.values() == {"title": "Hello", "slug": "hello"}
    assert spec.fixed_values() == {"status": "review", "views": "7"}
