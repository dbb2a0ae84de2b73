"""A visitor's way through a web form's pages: Frappe's routes and flow, with 302s."""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebFormField
from tests.testapp.models import Article, Category

from .conftest import VALID_ARTICLE, field_errors

pytestmark = pytest.mark.django_db


def own_article(owner, slug="mine", **values) -> Article:
    return Article.objects.create(title=values.pop("title", slug.title()), slug=slug, owner=owner, **values)


# -- routes and redirects ----------------------------------------------------------------


def test_the_form_route_leads_to_new_or_to_the_list(client, client_alice, article_form, survey_form):
    assert client.get("/articles")["Location"] == "/articles/new"
    assert client_alice.get("/articles")["Location"] == "/articles/new"  # no list on this form
    assert client_alice.get("/survey")["Location"] == "/survey/list"
    response = client.get("/articles/")
    assert response.status_code == 302  # the same page with a trailing slash


def test_a_public_form_with_a_list_sends_guests_to_new(client, make_form):
    make_form("ideas", show_list=True)
    assert client.get("/ideas")["Location"] == "/ideas/new"
    assert client.get("/ideas/list")["Location"] == "/login?redirect-to=/ideas/list"


@pytest.mark.parametrize("path", ["/survey", "/survey/new", "/survey/list", "/survey/mine", "/survey/mine/edit"])
def test_login_required_sends_guests_to_login_and_back(client, survey_form, path):
    response = client.get(path, {"ref": "mail"})
    assert response.status_code == 302
    assert response["Location"] == f"/login?redirect-to={path}%3Fref%3Dmail"


def test_a_guest_posting_to_a_login_required_form_saves_nothing(client, survey_form):
    response = client.post("/survey/new", VALID_ARTICLE)
    assert response.status_code == 302 and response["Location"].startswith("/login?")
    assert Article.objects.count() == 0


def test_redirects_are_302_never_301(client, client_alice, survey_form, user):
    own_article(user)
    for path in ("/survey", "/survey/new"):  # to the list; to alice's answer
        assert client_alice.get(path).status_code == 302
    assert client.get("/survey/list").status_code == 302  # to the login


@pytest.mark.parametrize("path", ["/draft", "/draft/new", "/draft/list", "/draft/1", "/draft/1/edit"])
def test_an_unpublished_form_is_not_found(client_alice, make_form, path):
    make_form("draft", published=False)
    assert client_alice.get(path).status_code == 404
    assert client_alice.post(path, VALID_ARTICLE).status_code in (403, 404, 405)
    assert Article.objects.count() == 0


# -- new -------------------------------------------------------------------------------


def test_the_form_is_a_real_html_form(client, article_form):
    Category.objects.create(name="News")
    article_form.introduction_text = "Tell us **everything**."
    article_form.button_label = "Send it"
    article_form.save()
    response = client.get("/articles/new")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post" novalidate>' in html and 'name="csrfmiddlewaretoken"' in html
    assert '<input type="text" name="title" maxlength="200" required id="id_title">' in html
    assert '<textarea name="body"' in html
    assert '<input type="date" name="published_on"' in html
    assert '<input type="number" name="views" value="0" required id="id_views">' in html
    assert '<option value="News">News</option>' in html
    assert "<strong>everything</strong>" in html
    assert ">Send it</button>" in html


def test_query_arguments_prefill_editable_fields(client, article_form):
    html = client.get("/articles/new", {"title": "From a link", "owner": "1"}).content.decode()
    assert 'name="title" value="From a link"' in html


def test_a_valid_submission_shows_the_success_message(client, article_form):
    article_form.success_message = "Thanks, we read **every** article."
    article_form.save()
    response = client.post("/articles/new", VALID_ARTICLE)
    assert response.status_code == 200
    assert "Thanks, we read <strong>every</strong> article." in response.content.decode()
    assert 'href="/articles/new">Submit another response' in response.content.decode()
    article = Article.objects.get()
    assert (article.title, article.slug, article.owner) == ("Hello", "hello", None)


def test_the_default_success_message(client, article_form):
    assert "Thank you! Your response has been saved." in client.post("/articles/new", VALID_ARTICLE).content.decode()


def test_success_url_redirects_on_this_host_only(client, article_form):
    article_form.success_url = "/thanks"
    article_form.save()
    assert client.post("/articles/new", VALID_ARTICLE)["Location"] == "/thanks"
    article_form.success_url = "https://evil.example/steal"  # saved around the admin's check
    article_form.save()
    response = client.post("/articles/new", {**VALID_ARTICLE, "slug": "second"})
    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()
    assert Article.objects.count() == 2


def test_invalid_input_is_shown_next_to_the_fields_and_kept(client, article_form):
    response = client.post("/articles/new", {"title": "Kept <b>text</b>", "slug": "not a slug", "status": "nope",
                                             "views": "many", "published_on": "yesterday", "rating": "1234.56"})
    assert response.status_code == 417
    errors = field_errors(response)
    assert errors["slug"] == ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."]
    assert errors["status"] == ["Select a valid choice. nope is not one of the available choices."]
    assert errors["views"] == ["Enter a whole number."]
    assert errors["published_on"] == ["Enter a valid date."]
    assert "rating" in errors
    html = response.content.decode()
    assert 'value="Kept &lt;b&gt;text&lt;/b&gt;"' in html  # what was typed, escaped
    assert "Please correct the errors below." in html
    assert Article.objects.count() == 0


def test_required_fields(client, article_form):
    response = client.post("/articles/new", {"status": "draft", "views": "0"})
    assert field_errors(response) == {"title": ["This field is required."], "slug": ["This field is required."]}
    assert Article.objects.count() == 0


def test_a_field_made_mandatory_in_the_form(client, article_form):
    WebFormField.objects.filter(web_form=article_form, fieldname="body").update(reqd=True)
    response = client.post("/articles/new", VALID_ARTICLE)
    assert field_errors(response) == {"body": ["This field is required."]}


def test_unique_values_are_checked_by_the_model(client, article_form):
    Article.objects.create(title="Taken", slug="hello")
    response = client.post("/articles/new", VALID_ARTICLE)
    assert response.status_code == 409
    assert field_errors(response) == {"slug": ["Article with this Slug already exists."]}
    assert Article.objects.count() == 1


def test_the_models_full_clean_errors_on_fields_outside_the_form(client, make_form):
    make_form("short", fields=["title", "status", "views"])  # the form forgot the (required) slug
    response = client.post("/short/new", {"title": "T", "status": "draft", "views": "1"})
    assert response.status_code == 417
    assert "Slug: This field cannot be blank." in response.content.decode()
    assert Article.objects.count() == 0


def test_a_link_refuses_what_the_visitor_may_not_read(client, article_form, monkeypatch):
    from django_frappe_web.doctypes import get_doctype

    Category.objects.create(name="Secret")
    monkeypatch.setattr(get_doctype("Category"), "allow_guest_to_view", False)
    assert "Secret" not in client.get("/articles/new").content.decode()
    response = client.post("/articles/new", {**VALID_ARTICLE, "category": "Secret"})
    assert field_errors(response) == {"category": ["Select a valid choice. That choice is not one of the available choices."]}
    assert Article.objects.count() == 0


def test_a_link_saves_the_chosen_document(client, article_form):
    news = Category.objects.create(name="News")
    client.post("/articles/new", {**VALID_ARTICLE, "category": "News"})
    assert Article.objects.get().category == news


# -- owners ------------------------------------------------------------------------------


def test_the_owner_is_recorded_for_logged_in_users(client_alice, user, article_form):
    response = client_alice.post("/articles/new", VALID_ARTICLE)
    assert Article.objects.get().owner == user
    assert Article.objects.get().modified_by == user
    assert 'href="/articles/hello">See your response' in response.content.decode()


def test_an_anonymous_form_stores_no_owner(client_alice, make_form):
    make_form("anon", anonymous=True)
    response = client_alice.post("/anon/new", VALID_ARTICLE)
    article = Article.objects.get()
    assert (article.owner, article.modified_by) == (None, None)
    assert "See your response" not in response.content.decode()


def test_fields_the_form_does_not_list_are_ignored(client_alice, user, other_user, article_form):
    client_alice.post("/articles/new", {**VALID_ARTICLE, "owner": other_user.pk, "published": "on",
                                        "route": "hijack", "modified_by": other_user.pk, "id": "99"})
    article = Article.objects.get()
    assert (article.owner, article.published, article.route) == (user, False, "")
    assert article.pk != 99


def test_hidden_and_read_only_fields_take_their_defaults(client, make_form):
    make_form("fixed", fields=["title", "slug", {"fieldname": "status", "hidden": True, "default": "review"},
                               {"fieldname": "views", "read_only": True, "default": "7"},
                               {"fieldname": "published", "hidden": True, "default": "0"}])
    html = client.get("/fixed/new").content.decode()
    assert 'name="status"' not in html
    assert 'name="views" value="7" required disabled' in html
    client.post("/fixed/new", {**VALID_ARTICLE, "status": "done", "views": "99", "published": "on"})
    article = Article.objects.get()
    assert (article.status, article.views, article.published) == ("review", 7, False)


# -- single response, list, view, edit, delete -------------------------------------------


def test_a_single_response_form_sends_a_user_who_answered_to_their_answer(client_alice, user, survey_form):
    assert client_alice.get("/survey/new").status_code == 200
    assert client_alice.post("/survey/new", VALID_ARTICLE).status_code == 200
    assert client_alice.get("/survey/new")["Location"] == "/survey/hello"
    response = client_alice.post("/survey/new", {**VALID_ARTICLE, "slug": "again"})  # a double submit
    assert response.status_code == 409
    assert "You have already submitted this form." in response.content.decode()
    assert 'href="/survey/hello"' in response.content.decode()
    assert Article.objects.count() == 1


def test_another_user_may_still_answer(client_alice, user, other_user, survey_form):
    own_article(other_user, "bobs")
    assert client_alice.get("/survey/new").status_code == 200


def test_the_list_shows_only_ones_own_responses(client_alice, user, other_user, survey_form):
    own_article(user, "mine", title="My answer")
    own_article(other_user, "bobs", title="Bob's answer")
    response = client_alice.get("/survey/list")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/survey/mine">My answer</a>' in html
    assert "Bob" not in html
    assert "New response" not in html  # one response per user, and alice has hers


def test_the_list_pages(client_alice, user, make_form):
    make_form("many", login_required=True, show_list=True)
    for number in range(25):
        own_article(user, f"a{number:02d}")
    first = client_alice.get("/many/list").content.decode()
    assert first.count('<li><a href="/many/a') == 20 and "Page 1 of 2" in first
    second = client_alice.get("/many/list", {"page": "2"}).content.decode()
    assert second.count('<li><a href="/many/a') == 5
    assert client_alice.get("/many/list", {"page": "junk"}).status_code == 200


def test_a_form_without_a_list_sends_list_to_new(client_alice, article_form):
    assert client_alice.get("/articles/list")["Location"] == "/articles/new"


def test_the_response_page_is_read_only(client_alice, user, make_form):
    # Issue 10, item 17e: with allow_edit the response page redirects to its edit page (see test_view_redirects_to_edit).
    make_form("survey", login_required=True, allow_multiple=False, allow_delete=True, show_list=True)
    own_article(user, "mine", title="My answer", body="Words")
    response = client_alice.get("/survey/mine")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<form" not in html.split('<main class="page-content">')[1]
    assert 'name="title" value="My answer" maxlength="200" required disabled' in html
    assert 'href="/survey/mine/edit"' not in html and 'href="/survey/mine/delete"' in html


def test_editing_ones_own_response(client_alice, user, survey_form):
    own_article(user, "mine", title="Before")
    html = client_alice.get("/survey/mine/edit").content.decode()
    assert 'value="Before"' in html and 'href="/survey/list">Cancel' in html  # the response page leads back here
    response = client_alice.post("/survey/mine/edit", {**VALID_ARTICLE, "title": "After", "slug": "mine"})
    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.title, article.owner) == ("After", user)


def test_an_invalid_edit_changes_nothing(client_alice, user, survey_form):
    own_article(user, "mine", title="Before")
    response = client_alice.post("/survey/mine/edit", {**VALID_ARTICLE, "title": "", "slug": "mine"})
    assert response.status_code == 417
    assert Article.objects.get().title == "Before"


def test_without_allow_edit_the_edit_page_shows_the_response(client_alice, user, make_form):
    make_form("ro", login_required=True, show_list=True)
    own_article(user, "mine", title="Before")
    assert client_alice.get("/ro/mine/edit")["Location"] == "/ro/mine"
    response = client_alice.post("/ro/mine/edit", {**VALID_ARTICLE, "title": "After", "slug": "mine"})
    assert response.status_code == 403
    assert "This form does not allow editing responses." in response.content.decode()
    assert Article.objects.get().title == "Before"


def test_deleting_ones_own_response_after_confirming(client_alice, user, survey_form):
    own_article(user, "mine")
    confirm = client_alice.get("/survey/mine/delete")
    assert confirm.status_code == 200 and "This cannot be undone." in confirm.content.decode()
    assert Article.objects.count() == 1  # a GET deletes nothing
    response = client_alice.post("/survey/mine/delete")
    assert response.status_code == 200 and "Your response has been deleted." in response.content.decode()
    assert Article.objects.count() == 0


def test_without_allow_delete_nothing_is_deleted(client_alice, user, make_form):
    make_form("keep", login_required=True)
    own_article(user, "mine")
    response = client_alice.post("/keep/mine/delete")
    assert response.status_code == 403
    assert Article.objects.count() == 1


@pytest.mark.parametrize("path", ["/survey/bobs", "/survey/bobs/edit", "/survey/bobs/delete", "/survey/missing",
                                  "/survey/missing/edit"])
def test_someone_elses_response_is_not_found(client_alice, user, other_user, survey_form, path):
    own_article(other_user, "bobs", title="Bob's secret")
    get = client_alice.get(path)
    post = client_alice.post(path, {**VALID_ARTICLE, "title": "Hijacked", "slug": "bobs"})
    assert get.status_code == 404
    assert post.status_code == (405 if path.count("/") == 2 else 404)  # a response page takes no POST at all
    for response in (get, post):
        assert "secret" not in response.content.decode()
    article = Article.objects.get()
    assert (article.title, article.owner) == ("Bob's secret", other_user)


def test_responses_need_a_login_even_on_public_forms(client, make_form, other_user):
    make_form("open", allow_edit=True)
    own_article(other_user, "bobs")
    assert client.get("/open/bobs")["Location"] == "/login?redirect-to=/open/bobs"
    assert client.post("/open/bobs/edit", VALID_ARTICLE)["Location"].startswith("/login?")


def test_forms_on_a_doctype_without_owner_have_no_response_pages(client_alice, make_form):
    make_form("notes", doctype="Note", fields=["title", "content"])
    assert client_alice.post("/notes/new", {"title": "A note"}).status_code == 200
    from tests.testapp.models import Note

    note = Note.objects.get()
    assert client_alice.get(f"/notes/{note.pk}").status_code == 404


def test_pages_that_take_no_post(client_alice, survey_form, user):
    own_article(user, "mine")
    for path in ("/survey", "/survey/list", "/survey/mine"):
        response = client_alice.post(path)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_head_requests(client, article_form):
    assert client.head("/articles/new").status_code == 200


def test_a_form_on_a_read_only_doctype_saves_nothing(client, make_form, django_user_model):
    make_form("signup", doctype="User", fields=["username", "email"])  # saved around the admin
    response = client.post("/signup/new", {"username": "mallory", "email": "m@example.com"})
    assert response.status_code == 403
    assert not django_user_model.objects.filter(username="mallory").exists()


# -- issue 10, item 17e: an editable response opens in edit mode, as in Frappe ------------


def test_view_redirects_to_edit_when_the_form_allows_editing(client_alice, user, survey_form):
    own_article(user, "mine")
    response = client_alice.get("/survey/mine")
    assert (response.status_code, response["Location"]) == (302, "/survey/mine/edit")
    assert client_alice.head("/survey/mine")["Location"] == "/survey/mine/edit"


def test_someone_elses_response_is_not_found_not_redirected(client_alice, user, other_user, survey_form):
    own_article(other_user, "bobs")
    assert client_alice.get("/survey/bobs").status_code == 404
    assert client_alice.get("/survey/nothing").status_code == 404


def test_without_allow_edit_the_response_page_stays_read_only(client_alice, user, make_form):
    make_form("ro", login_required=True, show_list=True)
    own_article(user, "mine")
    assert client_alice.get("/ro/mine").status_code == 200
