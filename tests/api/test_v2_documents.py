"""v2: /document/<DocType>/bulk_delete and bulk_update (each row on its own), /<name>/copy, expand_links/expand."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_frappe_web.api.bulk import MAX_BULK_ROWS
from tests.testapp.doctypes import ArticleDocType
from tests.testapp.models import Article, Category, Invoice

from .conftest import grant

pytestmark = pytest.mark.django_db
D = "/api/v2/document"


def v2_error(response, status: int, exc_type: str) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert body["errors"][0]["type"] == exc_type, body
    return body


# -- bulk_delete -----------------------------------------------------------------------------


def test_bulk_delete_deletes_what_it_can_and_reports_each_name(admin_api, articles):
    response = admin_api.post_json(f"{D}/Article/bulk_delete", {"names": ["a1", "missing", "d2", {"x": 1}]})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["deleted"] == ["a1", "d2"]
    assert [row["name"] for row in data["failed"]] == ["missing", None]
    assert data["failed"][0]["error"].startswith("DoesNotExistError")
    assert (data["total"], data["success_count"], data["failure_count"]) == (4, 2, 2)
    assert set(Article.objects.values_list("slug", flat=True)) == {"a2", "a3", "d1"}


@pytest.fixture
def published_only(monkeypatch):
    """A doctype whose rows have their own rule: ``published_only(ptype)`` allows ``ptype`` on published articles only."""
    everyone = ArticleDocType.has_permission

    def install(locked: str) -> None:
        def has_permission(self, ptype="read", user=None, doc=None):
            return everyone(self, ptype, user, doc) and (ptype != locked or doc is None or doc.published)

        monkeypatch.setattr(ArticleDocType, "has_permission", has_permission)

    return install


def test_bulk_delete_refuses_forbidden_rows_and_does_the_rest(user, alice_api, articles, published_only):
    grant(user, "view_article", "delete_article")
    published_only("delete")
    data = alice_api.post_json(f"{D}/Article/bulk_delete", {"names": ["a1", "d1", "a2"]}).json()["data"]
    assert data["deleted"] == ["a1", "a2"]
    assert data["failed"] == [{"name": "d1", "error": "PermissionError: No permission to delete Article"}]
    assert Article.objects.filter(slug="d1").exists()


def test_bulk_delete_needs_the_delete_right_on_the_doctype(user, alice_api, articles, db_snapshot):
    grant(user, "view_article", "add_article")
    before = db_snapshot()
    v2_error(alice_api.post_json(f"{D}/Article/bulk_delete", {"names": ["a1"]}), 403, "PermissionError")
    assert db_snapshot() == before


@pytest.mark.parametrize("body", [{"names": "a1"}, {}, {"names": ["a1"] * (MAX_BULK_ROWS + 1)},
                                  {"names": ["a1"] * 10_000}])
def test_bulk_delete_bad_lists_delete_nothing(admin_api, articles, db_snapshot, body):
    before = db_snapshot()
    v2_error(admin_api.post_json(f"{D}/Article/bulk_delete", body), 417, "ValidationError")
    assert db_snapshot() == before


def test_bulk_delete_of_an_unknown_doctype_is_404(admin_api):
    assert admin_api.post_json(f"{D}/Nope/bulk_delete", {"names": ["x"]}).status_code == 404


# -- bulk_update -----------------------------------------------------------------------------


def test_bulk_update_updates_each_row_on_its_own(admin_api, articles):
    docs = [{"name": "a1", "title": "One"}, {"name": "a2", "views": "lots"}, {"name": "nope", "title": "x"},
            {"name": "a3", "title": "Three", "category": "News"}, "a1"]
    response = admin_api.post_json(f"{D}/Article/bulk_update", {"docs": docs})
    body = response.json()
    assert body["data"]["updated"] == ["a1", "a3"]
    assert [row["name"] for row in body["data"]["failed"]] == ["a2", "nope", None]
    assert body["data"]["failure_count"] == 3 and body["data"]["total"] == 5
    assert [doc["title"] for doc in body["docs"]] == ["One", "Three"]
    assert Article.objects.get(slug="a3").category.name == "News" and Article.objects.get(slug="a2").views == 20


def test_bulk_update_rows_name_their_document_by_name_only(admin_api, articles):
    docs = [{"name": "a1", "doctype": "Article", "flags": {}, "title": "One"}, {"docname": "a2", "title": "Two"}]
    data = admin_api.post_json(f"{D}/Article/bulk_update", {"docs": docs}).json()["data"]
    assert data["updated"] == ["a1"]
    assert data["failed"] == [{"name": None, "error": "ValidationError: name must be a string or an integer"}]
    assert Article.objects.get(slug="a2").title == "Second"


def test_bulk_update_forbidden_rows_are_refused(user, alice_api, articles, published_only):
    grant(user, "view_article", "change_article")
    published_only("write")
    data = alice_api.post_json(f"{D}/Article/bulk_update", {"docs": [{"name": "d1", "title": "x"},
                                                                    {"name": "a1", "title": "ok"}]}).json()["data"]
    assert data["updated"] == ["a1"] and data["failed"][0]["name"] == "d1"
    assert Article.objects.get(slug="d1").title == "Draft one"


def test_bulk_update_as_a_form_with_json_text(admin_api, articles):
    response = admin_api.post(f"{D}/Article/bulk_update", {"docs": json.dumps([{"name": "a1", "views": 1}])})
    assert response.json()["data"]["updated"] == ["a1"]


def test_bulk_routes_answer_post_only(admin_api, articles):
    assert admin_api.get(f"{D}/Article/bulk_update").status_code == 405


# -- copy ------------------------------------------------------------------------------------


def test_copy_is_an_unsaved_document_without_what_makes_it_that_one(admin_api, articles):
    Article.objects.filter(slug="a1").update(body="Text", route="blog/a1")
    response = admin_api.get(f"{D}/Article/a1/copy")
    assert response.status_code == 200
    copy = response.json()["data"]
    assert copy["doctype"] == "Article" and copy["__islocal"] == 1
    assert copy["title"] == "First" and copy["category"] == "News" and copy["body"] == "Text"
    assert not {"name", "slug", "id", "owner", "creation", "modified", "modified_by", "rating"} & set(copy)
    assert Article.objects.count() == 5  # nothing saved
    copy["slug"] = "a1-copy"
    created = admin_api.post_json(f"{D}/Article", copy)
    assert created.status_code == 200 and created.json()["data"]["title"] == "First"


def test_a_copy_of_a_cancelled_amended_document_is_a_new_draft_that_saves(admin_api):
    original = Invoice.objects.create(number="INV-1", customer="Acme", amount=10, docstatus=2)
    Invoice.objects.create(number="INV-1-1", customer="Acme", amount=12, docstatus=2, amended_from=original)
    copy = admin_api.get(f"{D}/Invoice/INV-1-1/copy").json()["data"]
    assert copy["docstatus"] == 0 and "amended_from" not in copy  # Frappe's copy_doc: a fresh draft
    copy["number"] = "INV-2"
    saved = admin_api.post_json("/api/method/frappe.client.save", {"doc": copy})
    assert saved.status_code == 200, saved.content[:300]
    assert Invoice.objects.values_list("docstatus", "amended_from").get(number="INV-2") == (0, None)


def test_copy_needs_read_and_an_existing_document(alice_api, articles):
    v2_error(alice_api.get(f"{D}/Article/d1/copy"), 403, "PermissionError")
    v2_error(alice_api.get(f"{D}/Article/zz/copy"), 404, "DoesNotExistError")


def test_a_name_with_a_slash_still_reads(admin_api, categories):
    Category.objects.create(name="a/b")
    assert admin_api.get(f"{D}/Category/a/b").json()["data"]["name"] == "a/b"
    assert admin_api.get(f"{D}/Category/a/b/copy").json()["data"]["doctype"] == "Category"


# -- expand_links / expand -------------------------------------------------------------------


def test_expand_links_on_a_document(admin_api, articles):
    Category.objects.filter(name="News").update(description="All the news")
    data = admin_api.get(f"{D}/Article/a1", {"expand_links": "1"}).json()["data"]
    assert data["category"]["name"] == "News" and data["category"]["description"] == "All the news"
    assert data["category"]["doctype"] == "Category"
    plain = admin_api.get(f"{D}/Article/a1").json()["data"]
    assert plain["category"] == "News"


def test_expand_on_a_list_costs_one_query_per_link_field(admin_api, articles):
    url = f"{D}/Article"
    args = {"fields": '["name", "category"]', "order_by": "name asc", "expand": '["category"]'}
    admin_api.get(url, args)  # warm the user's permission cache and the session
    with CaptureQueriesContext(connection) as plain:
        admin_api.get(url, {**args, "expand": ""})
    with CaptureQueriesContext(connection) as expanded:
        rows = admin_api.get(url, args).json()["data"]
    assert len(expanded) == len(plain) + 1
    assert [row["category"] and row["category"]["name"] for row in rows] == ["News", "Guides", None, "News", None]


def test_expand_query_count_does_not_grow_with_rows(admin_api, articles, categories):
    for i in range(20):
        Article.objects.create(title=f"More {i}", slug=f"m{i}", category=categories["Guides" if i % 2 else "News"])
    args = {"fields": '["name", "category"]', "expand": "category", "limit": "100"}
    admin_api.get(f"{D}/Article", args)
    with CaptureQueriesContext(connection) as many:
        assert len(admin_api.get(f"{D}/Article", args).json()["data"]) == 25
    with CaptureQueriesContext(connection) as few:
        admin_api.get(f"{D}/Article", {**args, "limit": "2"})
    assert len(many) == len(few)


def test_expand_leaves_links_the_user_may_not_read_as_names(user, alice_api, articles):
    grant(user, "view_article")
    Category.objects.filter(name="News").update(description="x")
    # Category is readable by all logged-in users (allow_guest_to_view): expanded
    assert alice_api.get(f"{D}/Article/a1", {"expand": "category"}).json()["data"]["category"]["name"] == "News"
    # the owner link goes to users, which are not expanded for someone who may not read them
    data = alice_api.get(f"{D}/Article/a1", {"expand_links": "1"}).json()["data"]
    assert not isinstance(data["owner"], dict)


@pytest.mark.parametrize("expand", ['["title"]', "nope", "[not json", '[1]', '{"a": 1}'])
def test_expand_of_what_is_not_a_link_field_is_417(admin_api, articles, expand):
    v2_error(admin_api.get(f"{D}/Article/a1", {"expand": expand}), 417, "ValidationError")
    v2_error(admin_api.get(f"{D}/Article", {"expand": expand}), 417, "ValidationError")


def test_read_only_doctypes_have_no_bulk_write_routes(admin_api, superuser, db_snapshot):
    before = db_snapshot()
    response = admin_api.post_json(f"{D}/User/bulk_delete", {"names": ["admin"]})
    assert response.status_code in (403, 405) and response.json()["errors"]
    assert db_snapshot() == before and type(superuser).objects.filter(username="admin").exists()


def test_the_schema_describes_the_actions_bodies(client, superuser):
    client.force_login(superuser)
    paths = client.get("/api/schema/").json()["paths"]
    bulk_delete = paths["/api/v2/document/Article/bulk_delete"]["post"]
    assert bulk_delete["requestBody"]["content"]["application/json"]["schema"]["properties"]["names"]["maxItems"] == 500
    assert "deleted" in bulk_delete["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"][
        "properties"]
    copy = paths["/api/v2/document/Article/{name}/copy"]["get"]
    assert "__islocal" in copy["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"][
        "properties"]
