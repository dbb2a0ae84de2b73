"""The designer: breaks, child tables and conditions in the admin, and what it refuses."""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebForm
from django_frappe_web.web_forms.admin import fieldname_choices
from tests.admin_posts import posted_values

from .test_admin import ADD_URL, errors_of, form_data

pytestmark = pytest.mark.django_db

BREAK = {"fieldname": ""}


def test_tables_are_offered_with_the_fields():
    assert ("links", "links (table of ArticleLink)") in fieldname_choices("Article")


def test_a_form_with_steps_sections_columns_a_table_and_conditions(admin_client):
    fields = [
        {**BREAK, "fieldtype": "Page Break", "label": "About"},
        {**BREAK, "fieldtype": "Section Break", "label": "Names", "description": "As printed", "depends_on": "title"},
        "title", {**BREAK, "fieldtype": "Column Break"}, "slug",
        {**BREAK, "fieldtype": "Page Break", "label": "More"},
        "status",
        {"fieldname": "body", "depends_on": 'eval:doc.status=="review"', "mandatory_depends_on": "status"},
        {"fieldname": "links", "options": "label\nurl", "max_rows": "3", "depends_on": "title"},
    ]
    response = admin_client.post(ADD_URL, form_data(fields))
    assert response.status_code == 302, errors_of(response)
    rows = list(WebForm.objects.get().fields.values_list("fieldname", "fieldtype", "label", "max_rows"))
    assert rows == [("", "Page Break", "About", None), ("", "Section Break", "Names", None), ("title", "Data", "", None),
                    ("", "Column Break", "", None), ("slug", "Data", "", None), ("", "Page Break", "More", None),
                    ("status", "Select", "", None), ("body", "Text", "", None), ("links", "Table", "", 3)]


@pytest.mark.parametrize(("fields", "error"), [
    ([{"fieldname": "title", "fieldtype": "Section Break"}], "A Section Break lays the form out and has no field"),
    ([{**BREAK, "label": "Oops"}], "Choose a field (only Section, Column and Page Breaks have none)."),
    ([{"fieldname": "links", "fieldtype": "Table"}], "List the columns of “links” in Options, one per line: label, url"),
    ([{"fieldname": "links", "options": "label\nid\narticle"}], "ArticleLink has no column a visitor may fill named "
                                                                 "id, article; choose from label, url, position, category"),
    ([{"fieldname": "title", "fieldtype": "Table", "options": "label"}], "“title” is not a child table of Article"),
    ([{"fieldname": "title", "max_rows": "2"}], "Max rows is for Table fields only."),
    ([{"fieldname": "title", "depends_on": "eval:alert(1)"}], "“alert(...)”: conditions cannot call functions."),
    ([{"fieldname": "title", "mandatory_depends_on": "eval:doc.x.y"}], "a condition can only read doc.&lt;field&gt;"),
    ([{"fieldname": "title", "depends_on": "eval:doc.secret"}], "secret: not a field of this form"),
    ([{**BREAK, "fieldtype": "Column Break", "depends_on": "title"}, "title"], "A Column Break cannot have this"),
    ([{**BREAK, "fieldtype": "Section Break", "mandatory_depends_on": "title"}, "title"],
     "A Section Break cannot have this"),
    ([{"fieldname": "route", "fieldtype": "Attach"}, {**BREAK, "fieldtype": "Page Break"}, "title"],
     "An Attach field must be on the last step"),
])
def test_the_designer_refuses_what_cannot_work(admin_client, fields, error):
    response = admin_client.post(ADD_URL, form_data(fields))
    assert error in errors_of(response)
    assert WebForm.objects.count() == 0


def test_the_change_page_shows_breaks_tables_and_conditions(admin_client, make_form):
    web_form = make_form("designed", fields=[{"fieldtype": "Page Break", "label": "One"}, "title",
                                             {"fieldname": "links", "fieldtype": "Table", "options": "label"},
                                             {"fieldname": "body", "depends_on": "title"}])
    response = admin_client.get(f"/admin/django_frappe_web/webform/{web_form.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="links" selected>links (table of ArticleLink)</option>' in html
    assert 'name="fields-3-depends_on" value="title"' in html
    assert '<option value="Page Break" selected>Page Break</option>' in html


def change_data(admin_client, web_form, *new_rows) -> dict:
    """The change page's POST as the browser sends it unchanged, plus ``new_rows`` added to the fields."""
    url = f"/admin/django_frappe_web/webform/{web_form.pk}/change/"
    context = admin_client.get(url).context
    forms = [context["adminform"].form]
    formset = context["inline_admin_formsets"][0].formset
    forms += [formset.management_form, *formset.forms[:formset.initial_form_count()]]
    forms += [context["inline_admin_formsets"][1].formset.management_form]  # the translations: none
    data = posted_values(forms)
    start = formset.initial_form_count()
    data.update({"fields-TOTAL_FORMS": str(start + len(new_rows)), "fields-INITIAL_FORMS": str(start)})
    extra = form_data([*[""] * start, *new_rows])
    data.update({key: value for key, value in extra.items() if key.startswith("fields-") and "FORMS" not in key
                 and int(key.split("-")[1]) >= start})
    for index in range(start, start + len(new_rows)):
        data[f"fields-{index}-ordering"] = str(100 + index)
    return url, data


def test_rows_already_saved_are_checked_with_the_new_ones(admin_client, make_form):
    # The Attach row was fine on a one-step form; a Page Break added after it later must be refused.
    web_form = make_form("designed", fields=["title", "slug", {"fieldname": "route", "fieldtype": "Attach"}])
    url, data = change_data(admin_client, web_form, {**BREAK, "fieldtype": "Page Break"}, "status")
    response = admin_client.post(url, data)
    assert "An Attach field must be on the last step" in errors_of(response)
    assert web_form.fields.count() == 3


def test_a_new_condition_may_read_a_field_saved_before(admin_client, make_form):
    web_form = make_form("designed", fields=["title", "slug", "status"])
    url, data = change_data(admin_client, web_form, {"fieldname": "body", "depends_on": 'eval:doc.status=="review"'})
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert web_form.fields.get(fieldname="body").depends_on == 'eval:doc.status=="review"'


def test_rows_saved_before_are_checked_against_a_new_doctype(admin_client, make_form):
    web_form = make_form("designed", fields=["title", "slug", "views"])
    url, data = change_data(admin_client, web_form)
    response = admin_client.post(url, {**data, "doctype": "Note"})
    assert "Note has no field “slug” a visitor may fill" in errors_of(response)
    assert WebForm.objects.get().doctype == "Article"
