"""Designing a web form in the Django admin, and what the admin refuses."""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebForm, WebFormField
from django_frappe_web.web_forms.admin import fieldname_choices

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/django_frappe_web/webform/add/"


def form_data(fields=(), **values) -> dict:
    """A POST for the add/change view: the form row plus inline field rows."""
    data = {"title": "Contact", "route": "contact", "doctype": "Article", "published": "on", "allow_multiple": "on",
            "introduction_text": "", "button_label": "Submit", "success_message": "", "success_url": "",
            "allowed_embedding_domains": "", "fields-TOTAL_FORMS": str(len(fields)), "fields-INITIAL_FORMS": "0",
            "fields-MIN_NUM_FORMS": "0", "fields-MAX_NUM_FORMS": "1000",
            "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"}
    for flag in ("login_required", "anonymous", "allow_edit", "allow_delete", "show_list"):
        values.setdefault(flag, False)
    for key, value in values.items():
        if value is False:
            data.pop(key, None)
        else:
            data[key] = "on" if value is True else value
    for index, field in enumerate(fields):
        field = {"fieldname": field} if isinstance(field, str) else field
        row = {"label": "", "fieldtype": "", "default": "", "options": "", "description": "", "ordering": str(index),
               **field}
        for key, value in row.items():
            if value is True:
                data[f"fields-{index}-{key}"] = "on"
            elif value is not False:
                data[f"fields-{index}-{key}"] = value
    return data


def errors_of(response) -> str:
    assert response.status_code == 200, "expected the form again, with errors"
    adminform_errors = response.context["adminform"].form.errors.as_text()
    inline_errors = " ".join(
        str(form.errors) + str(formset.non_form_errors())
        for formset in response.context["inline_admin_formsets"] for form in formset.formset.forms
    )
    return adminform_errors + inline_errors


def test_the_add_page_offers_registered_doctypes_and_their_fields(admin_client):
    response = admin_client.get(ADD_URL)
    assert response.status_code == 200
    doctype_choices = [value for value, _ in response.context["adminform"].form.fields["doctype"].choices]
    assert {"Article", "Category", "Note", "Web Page"} <= set(doctype_choices)
    assert "User" not in doctype_choices  # read-only: no one may create users through a form
    html = response.content.decode()
    assert '<optgroup label="Article">' in html and '<option value="slug">slug</option>' in html


def test_fieldnames_of_an_existing_form_come_from_its_model():
    choices = [value for value, _ in fieldname_choices("Note")]
    assert choices == ["", "title", "content"]
    article = [value for value, _ in fieldname_choices("Article")]
    assert "owner" not in article and "modified" not in article and "title" in article


def test_creating_a_form_with_fields(admin_client):
    response = admin_client.post(ADD_URL, form_data(
        ["title", "slug", "status", "body", "category", {"fieldname": "views", "fieldtype": "Int", "label": "Count"}]))
    assert response.status_code == 302, errors_of(response)
    web_form = WebForm.objects.get()
    assert (web_form.route, web_form.doctype, web_form.published) == ("contact", "Article", True)
    types = dict(web_form.fields.values_list("fieldname", "fieldtype"))
    assert types == {"title": "Data", "slug": "Data", "status": "Select", "body": "Text", "category": "Link",
                     "views": "Int"}  # empty types come from the model
    assert WebFormField.objects.get(fieldname="views").label == "Count"


def test_the_route_is_normalised(admin_client):
    response = admin_client.post(ADD_URL, form_data(["title", "slug"], route="/help/contact/"))
    assert response.status_code == 302, errors_of(response)
    assert WebForm.objects.get().route == "help/contact"


def test_the_change_page_and_view_on_site(admin_client, make_form):
    web_form = make_form("contact")
    response = admin_client.get(f"/admin/django_frappe_web/webform/{web_form.pk}/change/")
    assert response.status_code == 200
    assert '<option value="title" selected>title</option>' in response.content.decode()
    assert "optgroup" not in response.content.decode().split('id="fields-group"')[1]


def test_warning_for_required_model_fields_the_form_lacks(admin_client):
    response = admin_client.post(ADD_URL, form_data(["title"]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Article needs slug, which the form does not list" in m for m in messages)


@pytest.mark.parametrize(("fields", "values", "error"), [
    (["nope"], {}, "Select a valid choice. nope is not one of the available choices."),
    (["content"], {}, "Article has no field “content” a visitor may fill: it is not a field of the model."),
    ([{"fieldname": "title", "hidden": True, "reqd": True}], {}, "“title” is mandatory but hidden or read-only"),
    ([{"fieldname": "slug", "read_only": True}], {}, "“slug” is mandatory but hidden or read-only"),
    ([{"fieldname": "title", "fieldtype": "Int"}], {}, "Int does not fit title (CharField); use Data, Small Text"),
    ([{"fieldname": "title", "fieldtype": "Select"}], {}, "“title” is a Select: list its options"),
    ([{"fieldname": "status", "options": "draft\nsecret"}], {}, "Options of “status” the model does not accept: secret"),
    ([{"fieldname": "published_on", "default": "someday"}], {}, "The default of “published_on” is not valid"),
    ([{"fieldname": "category", "default": "Missing"}], {}, "The default of “category” is not valid"),
    ([{"fieldname": "published", "fieldtype": "Attach"}], {}, "Attach does not fit published (BooleanField); use Check."),
    ([{"fieldname": "route", "fieldtype": "Attach", "default": "/files/x"}], {}, "it takes an upload, not a default"),
    (["title"], {"route": "../x"}, "Use letters, digits"),
    (["title"], {"success_url": "https://evil.example/"}, "Visitors are only ever redirected on this site"),
    (["title"], {"success_url": "javascript:alert(1)"}, "Use a path on this site"),
    (["title"], {"allowed_embedding_domains": "ok.example\nbad;x"}, "Not a domain: bad;x."),
    (["title"], {"allow_multiple": False}, "One response per user needs Login required"),
    (["title"], {"anonymous": True, "allow_edit": True, "login_required": True},
     "An anonymous form records no owner, so it cannot offer “Allow editing”."),
])
def test_what_the_admin_refuses(admin_client, fields, values, error):
    response = admin_client.post(ADD_URL, form_data(fields, **values))
    assert error in errors_of(response)
    assert WebForm.objects.count() == 0


@pytest.mark.parametrize("flag", ["show_list", "allow_edit", "allow_delete"])
def test_a_doctype_without_owner_cannot_offer_owner_options(admin_client, flag):
    response = admin_client.post(ADD_URL, form_data(["title"], doctype="Note", login_required=True, **{flag: True}))
    assert "Note has no owner field, so the form cannot offer" in errors_of(response)
    assert WebForm.objects.count() == 0


def test_a_doctype_without_owner_cannot_take_single_responses(admin_client):
    response = admin_client.post(ADD_URL, form_data(["title"], doctype="Note", login_required=True,
                                                    allow_multiple=False))
    assert "cannot offer “One response per user (allow multiple off)”" in errors_of(response)


@pytest.mark.parametrize("route", ["contact", "contact/sales", "help"])
def test_a_route_that_clashes_with_another_form(admin_client, make_form, route):
    make_form("contact")
    make_form("help/faq")
    response = admin_client.post(ADD_URL, form_data(["title"], route=route, title="Other"))
    assert "This route clashes with the web form at /" in errors_of(response)
    assert WebForm.objects.count() == 2


def test_a_field_the_model_lost_is_refused_on_the_change_page(admin_client, make_form):
    web_form = make_form("contact", fields=["title", "nope"])
    data = form_data(["title", "nope"])
    data["fields-INITIAL_FORMS"] = "2"
    for index, row in enumerate(web_form.fields.all()):
        data[f"fields-{index}-id"] = str(row.pk)
        data[f"fields-{index}-web_form"] = str(web_form.pk)
    response = admin_client.post(f"/admin/django_frappe_web/webform/{web_form.pk}/change/", data)
    assert "Select a valid choice. nope is not one of the available choices." in errors_of(response)


def test_a_valid_single_response_form(admin_client):
    response = admin_client.post(ADD_URL, form_data(["title", "slug"], login_required=True, allow_multiple=False,
                                                    allow_edit=True, allow_delete=True, show_list=True,
                                                    allowed_embedding_domains="https://a.example  b.example",
                                                    success_url="/thanks"))
    assert response.status_code == 302, errors_of(response)
    web_form = WebForm.objects.get()
    assert web_form.allowed_embedding_domains == "https://a.example\nb.example"
    assert not web_form.allow_multiple
