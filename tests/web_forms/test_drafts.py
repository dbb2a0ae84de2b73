"""Drafts (allow_incomplete): saved half-way without the required fields, finished later, never a response."""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebFormDraft
from django_frappe_web.web_forms.drafts import DRAFT_FIELD, MAX_DRAFTS
from django_frappe_web.web_forms.layout import ACTION_FIELD, STEP_FIELD
from tests.testapp.models import Article, ArticleLink

from .conftest import VALID_ARTICLE, field_errors
from .test_admin import ADD_URL, errors_of, form_data

pytestmark = pytest.mark.django_db

FIELDS = [{"fieldtype": "Page Break", "label": "One"}, "title", "slug", {"fieldtype": "Page Break", "label": "Two"},
          "status", "views", {"fieldname": "links", "fieldtype": "Table", "options": "label", "max_rows": 3}]
SAVE = {ACTION_FIELD: "save_draft"}


@pytest.fixture
def drafts_form(make_form):
    return make_form("later", fields=FIELDS, login_required=True, show_list=True, allow_incomplete=True,
                     allow_multiple=False)


def test_a_draft_is_saved_without_required_fields(client_alice, user, drafts_form):
    response = client_alice.post("/later/new", {"title": "Half", STEP_FIELD: "1", "links-TOTAL_FORMS": "1",
                                                "links-INITIAL_FORMS": "0", "links-0-label": "L", **SAVE})
    draft = WebFormDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/later/new?draft={draft.pk}"
    assert (draft.owner, draft.step, draft.data["title"], draft.data["links-0-label"]) == (user, 1, ["Half"], ["L"])
    assert STEP_FIELD not in draft.data and "csrfmiddlewaretoken" not in draft.data
    assert Article.objects.count() == 0  # a draft is no response


def test_a_draft_is_listed_and_finished_later(client_alice, user, drafts_form):
    client_alice.post("/later/new", {"title": "Half", **SAVE})
    draft = WebFormDraft.objects.get()
    listing = client_alice.get("/later/list").content.decode()
    assert '<span class="indicator-pill orange">Draft</span>' in listing and f"/later/new?draft={draft.pk}" in listing
    assert client_alice.get("/later").status_code == 302  # a draft does not answer a one-response form
    page = client_alice.get(f"/later/new?draft={draft.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="title" value="Half"' in html and f'name="{DRAFT_FIELD}" value="{draft.pk}"' in html
    assert field_errors(page) == {}  # not judged until submitted
    assert "Save draft" in html

    response = client_alice.post("/later/new", {**VALID_ARTICLE, "title": "Whole", STEP_FIELD: "1",
                                                DRAFT_FIELD: str(draft.pk), "links-TOTAL_FORMS": "1",
                                                "links-INITIAL_FORMS": "0", "links-0-label": "L"})
    assert response.status_code == 200, field_errors(response)
    assert list(Article.objects.values_list("title", "owner")) == [("Whole", user.pk)]
    assert list(ArticleLink.objects.values_list("label", flat=True)) == ["L"]
    assert WebFormDraft.objects.count() == 0  # gone with the submission


def test_an_invalid_submission_keeps_the_draft(client_alice, drafts_form):
    client_alice.post("/later/new", {"title": "Half", **SAVE})
    draft = WebFormDraft.objects.get()
    response = client_alice.post("/later/new", {"title": "Half", DRAFT_FIELD: str(draft.pk), STEP_FIELD: "1"})
    assert response.status_code == 417
    assert field_errors(response) == {"slug": ["This field is required."]}
    assert WebFormDraft.objects.count() == 1 and Article.objects.count() == 0


def test_saving_again_updates_the_same_draft(client_alice, drafts_form):
    client_alice.post("/later/new", {"title": "Half", **SAVE})
    draft = WebFormDraft.objects.get()
    client_alice.post("/later/new", {"title": "More", DRAFT_FIELD: str(draft.pk), **SAVE})
    assert list(WebFormDraft.objects.values_list("pk", "data__title")) == [(draft.pk, ["More"])]


def test_someone_elses_draft_cannot_be_opened_saved_or_submitted(client_alice, other_user, drafts_form):
    theirs = WebFormDraft.objects.create(web_form=drafts_form, owner=other_user, data={"title": ["Secret"]})
    assert client_alice.get(f"/later/new?draft={theirs.pk}").status_code == 404
    assert client_alice.get("/later/new?draft=x").status_code == 404
    assert client_alice.post("/later/new", {"title": "Mine", DRAFT_FIELD: str(theirs.pk), **SAVE}).status_code == 404
    response = client_alice.post("/later/new", {**VALID_ARTICLE, DRAFT_FIELD: str(theirs.pk)})
    assert response.status_code == 404
    assert Article.objects.count() == 0
    theirs.refresh_from_db()
    assert theirs.data == {"title": ["Secret"]}


def test_a_form_without_drafts_refuses_them(client_alice, make_form):
    make_form("now", login_required=True, show_list=True)
    response = client_alice.post("/now/new", {"title": "Half", **SAVE})
    assert response.status_code == 403
    assert WebFormDraft.objects.count() == 0
    assert "Save draft" not in client_alice.get("/now/new").content.decode()


def test_drafts_are_bounded(client_alice, user, drafts_form):
    WebFormDraft.objects.bulk_create([WebFormDraft(web_form=drafts_form, owner=user) for _ in range(MAX_DRAFTS)])
    response = client_alice.post("/later/new", {"title": "One more", **SAVE})
    assert response.status_code == 417
    assert f"You have {MAX_DRAFTS} drafts of this form already" in response.content.decode()
    assert WebFormDraft.objects.count() == MAX_DRAFTS


def test_drafts_need_login_and_a_list(admin_client):
    response = admin_client.post(ADD_URL, form_data(["title", "slug"], allow_incomplete=True))
    assert "Drafts need Login required and Show list" in errors_of(response)


def test_the_draft_goes_along_from_step_to_step(client_alice, drafts_form):
    client_alice.post("/later/new", {"title": "Half", **SAVE})
    draft = WebFormDraft.objects.get()
    for action in ("next", "previous", "add_row:links"):
        response = client_alice.post("/later/new", {**VALID_ARTICLE, DRAFT_FIELD: str(draft.pk), ACTION_FIELD: action,
                                                    "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0"})
        assert response.status_code == 200
        assert f'name="{DRAFT_FIELD}" value="{draft.pk}"' in response.content.decode()


@pytest.mark.parametrize("draft_id", ["99999999999999999999999", "1e5", "-1", "0x1"])
def test_odd_draft_ids_are_not_found(client_alice, drafts_form, draft_id):
    assert client_alice.get("/later/new", {"draft": draft_id}).status_code == 404
    response = client_alice.post("/later/new", {**VALID_ARTICLE, DRAFT_FIELD: draft_id})
    assert response.status_code == 404 and Article.objects.count() == 0
