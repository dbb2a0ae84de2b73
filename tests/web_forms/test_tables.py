"""Child tables: a Table field edits the rows of a child model, saved with the parent, in its transaction."""

from __future__ import annotations

import json

import pytest

from django_frappe_web.web_forms.layout import ACTION_FIELD
from tests.testapp.models import Article, ArticleLink, Category

from .conftest import VALID_ARTICLE, field_errors

pytestmark = pytest.mark.django_db

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
LINKS = {"fieldname": "links", "fieldtype": "Table", "label": "Links", "options": "label\nurl\ncategory", "max_rows": 2}


@pytest.fixture
def links_form(make_form):
    """Anyone may send; owners may edit their responses."""
    return make_form("with-links", fields=["title", "slug", "status", "views", LINKS], allow_edit=True, show_list=True)


def rows(prefix="links", initial=0, *values, **extra):
    """A formset POST: ``rows("links", 0, {"label": "A"}, ...)``."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(values)), f"{prefix}-INITIAL_FORMS": str(initial), **extra}
    for index, row in enumerate(values):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def saved_links():
    return list(ArticleLink.objects.order_by("pk").values_list("article__slug", "label", "url"))


def test_the_form_shows_a_table_with_a_blank_row(client, links_form):
    response = client.get("/with-links/new")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<fieldset class="web-form-table" data-table="links" data-max-rows="2">' in html
    assert '<input type="hidden" name="links-TOTAL_FORMS" value="1"' in html
    assert '<th class="required">Label</th><th>Url</th><th>Category</th><th>Delete</th>' in html
    assert 'name="links-0-label"' in html and 'name="links-__prefix__-label"' in html  # a row, and the template
    assert "internal_note" not in html  # not a chosen column


def test_rows_are_saved_with_the_new_response(client, links_form):
    Category.objects.create(name="News")
    data = {**VALID_ARTICLE, **rows("links", 0, {"label": "Docs", "url": "https://docs.example", "category": "News"},
                                    {"label": "Home", "internal_note": "ignored"})}
    response = client.post("/with-links/new", data)
    assert response.status_code == 200, field_errors(response)
    assert saved_links() == [("hello", "Docs", "https://docs.example"), ("hello", "Home", "")]
    assert ArticleLink.objects.get(label="Docs").category.name == "News"
    assert ArticleLink.objects.get(label="Home").internal_note == ""


def test_a_blank_row_is_no_row(client, links_form):
    response = client.post("/with-links/new", {**VALID_ARTICLE, **rows("links", 0, {"label": ""})})
    assert response.status_code == 200
    assert Article.objects.count() == 1 and ArticleLink.objects.count() == 0


@pytest.mark.parametrize(("posted", "error"), [
    (rows("links", 0, {"label": "A"}, {"label": "B"}, {"label": "C"}), "Links: at most 2 rows."),
    ({"links-TOTAL_FORMS": "100000", "links-INITIAL_FORMS": "0"}, "Links: at most 2 rows."),
])
def test_more_rows_than_allowed_save_nothing(client, links_form, posted, error):
    response = client.post("/with-links/new", {**VALID_ARTICLE, **posted})
    assert response.status_code == 417
    assert error in response.content.decode()
    assert Article.objects.count() == 0 and ArticleLink.objects.count() == 0


def test_an_invalid_row_is_shown_in_its_row_and_saves_nothing(client, links_form):
    response = client.post("/with-links/new", {**VALID_ARTICLE, **rows("links", 0, {"label": "A", "url": "no url"})})
    html = response.content.decode()
    assert response.status_code == 417
    assert '<tr class="web-form-row has-error">' in html and "Enter a valid URL." in html
    assert 'value="A"' in html  # what was typed is kept
    assert Article.objects.count() == 0 and ArticleLink.objects.count() == 0


def test_a_mandatory_table_needs_a_row(client, make_form):
    make_form("need-links", fields=["title", "slug", {**LINKS, "reqd": True}])
    response = client.post("/need-links/new", {**VALID_ARTICLE, **rows("links", 0, {"label": ""})})
    assert response.status_code == 417
    assert "Links: add at least one row." in response.content.decode()
    assert Article.objects.count() == 0


def test_add_a_row_without_javascript_posts_and_saves_nothing(client, links_form):
    data = {**VALID_ARTICLE, **rows("links", 0, {"label": "A"}), ACTION_FIELD: "add_row:links"}
    response = client.post("/with-links/new", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="hidden" name="links-TOTAL_FORMS" value="2"' in html
    assert 'name="links-0-label" value="A"' in html and 'name="links-1-label"' in html
    assert field_errors(response) == {}
    assert Article.objects.count() == 0


def own_article_with_links(owner, slug="mine"):
    article = Article.objects.create(title="Mine", slug=slug, owner=owner)
    return article, [ArticleLink.objects.create(article=article, label=label, position=index)
                     for index, label in enumerate(("One", "Two"))]


def test_an_owner_edits_adds_and_removes_rows(client_alice, user, links_form):
    article, (one, two) = own_article_with_links(user)
    response = client_alice.get("/with-links/mine/edit")
    html = response.content.decode()
    assert 'name="links-0-label" value="One"' in html and 'name="links-1-label" value="Two"' in html
    data = {"title": "Mine", "slug": "mine", "status": "draft", "views": "0",
            **rows("links", 2, {"id": str(one.pk), "label": "One!"}, {"id": str(two.pk), "label": "Two", "DELETE": "on"},
                   {"label": "Three"})}
    response = client_alice.post("/with-links/mine/edit", data)
    assert response.status_code == 200, field_errors(response)
    assert list(article.links.values_list("pk", "label")) == [(one.pk, "One!"), (ArticleLink.objects.get(label="Three").pk, "Three")]


def test_a_row_of_another_response_cannot_be_edited(client_alice, user, other_user, links_form):
    own_article_with_links(user)
    _theirs, (their_row, _) = own_article_with_links(other_user, slug="theirs")
    data = {"title": "Mine", "slug": "mine", "status": "draft", "views": "0",
            **rows("links", 1, {"id": str(their_row.pk), "label": "Hijacked"})}
    response = client_alice.post("/with-links/mine/edit", data)
    assert response.status_code == 417
    assert "Links: row 1 is not a row of this response." in response.content.decode()
    their_row.refresh_from_db()
    assert their_row.label == "One" and their_row.article.slug == "theirs"


def test_the_response_page_shows_the_rows_read_only(client_alice, user, make_form):
    make_form("view-links", fields=["title", LINKS], show_list=True)
    own_article_with_links(user)
    html = client_alice.get("/view-links/mine").content.decode()
    assert 'name="links-0-label" value="One" maxlength="100" disabled' in html
    assert "Add a row" not in html and "links-0-DELETE" not in html


# -- accept: rows as lists of dicts --------------------------------------------------------


def accept(client, data, **extra):
    return client.post(ACCEPT, json.dumps({"web_form": "with-links", "data": data, **extra}),
                       content_type="application/json")


def test_accept_takes_rows_as_a_list_of_dicts(client, links_form):
    response = accept(client, {**VALID_ARTICLE, "links": [{"label": "Docs", "url": "https://docs.example"},
                                                          {"label": "Home", "idx": 2, "doctype": "Article Link"}]})
    assert response.status_code == 200, response.json()
    answer = response.json()["message"]
    assert [(row["label"], row["url"]) for row in answer["links"]] == [("Docs", "https://docs.example"), ("Home", "")]
    assert saved_links() == [("hello", "Docs", "https://docs.example"), ("hello", "Home", "")]


@pytest.mark.parametrize(("links", "message"), [
    ("Docs", "data['links'] must be a list of rows (objects), not str"),
    (["Docs"], "data['links'] must be a list of objects (the table's rows)"),
    ([{"label": "A", "internal_note": "x"}], "Links row 1: internal_note is not a column of this table"),
    ([{"label": "A"}] * 3, "Links: at most 2 rows"),
    ([{"label": "A", "url": "nope"}], "Links row 1: Url: Enter a valid URL."),
    ([{"label": "A", "name": 999}], "Links row 1: 999 is not a row of this response"),
])
def test_accept_refuses_bad_rows_and_saves_nothing(client, links_form, links, message):
    response = accept(client, {**VALID_ARTICLE, "links": links})
    assert response.status_code == 417
    assert message in json.dumps(response.json())
    assert Article.objects.count() == 0 and ArticleLink.objects.count() == 0


def test_accept_replaces_the_rows_of_an_edited_response(client_alice, user, links_form):
    article, (one, two) = own_article_with_links(user)
    response = accept(client_alice, {"links": [{"name": one.pk, "url": "https://one.example"}, {"label": "New"}]},
                      docname="mine")
    assert response.status_code == 200, response.json()
    assert list(article.links.values_list("label", "url")) == [("One", "https://one.example"), ("New", "")]
    assert not ArticleLink.objects.filter(pk=two.pk).exists()


def test_accept_without_the_table_leaves_the_rows(client_alice, user, links_form):
    article, _rows = own_article_with_links(user)
    assert accept(client_alice, {"title": "Renamed"}, docname="mine").status_code == 200
    assert list(article.links.values_list("label", flat=True)) == ["One", "Two"]


def test_a_page_post_without_the_table_saves_no_rows_and_is_no_error(client, links_form):
    response = client.post("/with-links/new", VALID_ARTICLE)
    assert response.status_code == 200
    assert Article.objects.count() == 1 and ArticleLink.objects.count() == 0


@pytest.mark.parametrize("management", [
    {"links-TOTAL_FORMS": "abc", "links-INITIAL_FORMS": "0"},
    {"links-TOTAL_FORMS": "1"},
    {"links-TOTAL_FORMS": "-5", "links-INITIAL_FORMS": "0"},
])
def test_tampered_row_counts_are_a_clear_error(client, links_form, management):
    response = client.post("/with-links/new", {**VALID_ARTICLE, **management, "links-0-label": "A"})
    assert response.status_code == 417
    assert "Links: the rows were not sent completely; reload the page." in response.content.decode()
    assert Article.objects.count() == 0 and ArticleLink.objects.count() == 0


def test_claiming_existing_rows_on_a_new_response_is_an_error(client, user, links_form):
    _article, (one, _two) = own_article_with_links(user)
    response = client.post("/with-links/new", {**VALID_ARTICLE, **rows("links", 1, {"id": str(one.pk), "label": "Mine now"})})
    assert response.status_code == 417
    assert "Links: row 1 is not a row of this response." in response.content.decode()
    one.refresh_from_db()
    assert one.label == "One" and Article.objects.count() == 1


@pytest.fixture
def failing_rows():
    """A child row refused while saving (after the parent was written): everything must roll back."""
    from django.db.models.signals import pre_save

    from django_frappe_web.exceptions import ValidationError

    def refuse(sender, instance, **kwargs):
        if instance.label == "Refused":
            raise ValidationError("Links: this row cannot be saved.")

    pre_save.connect(refuse, sender=ArticleLink, dispatch_uid="refuse-link")
    yield
    pre_save.disconnect(sender=ArticleLink, dispatch_uid="refuse-link")


def test_a_row_failing_while_saving_rolls_back_the_parent(client, links_form, failing_rows):
    data = {**VALID_ARTICLE, **rows("links", 0, {"label": "Fine"}, {"label": "Refused"})}
    response = client.post("/with-links/new", data)
    assert response.status_code == 417
    assert "Links: this row cannot be saved." in response.content.decode()
    assert Article.objects.count() == 0 and ArticleLink.objects.count() == 0


def test_accept_rolls_back_too(client, links_form, failing_rows):
    response = accept(client, {**VALID_ARTICLE, "links": [{"label": "Fine"}, {"label": "Refused"}]})
    assert response.status_code == 417
    assert Article.objects.count() == 0 and ArticleLink.objects.count() == 0


def test_a_huge_row_id_is_an_error_not_a_crash(client_alice, user, links_form):
    own_article_with_links(user)
    data = {"title": "Mine", "slug": "mine", "status": "draft", "views": "0",
            **rows("links", 1, {"id": "99999999999999999999999", "label": "X"})}
    response = client_alice.post("/with-links/mine/edit", data)
    assert response.status_code == 417
    assert "Links: row 1 is not a row of this response." in response.content.decode()
