"""frappe.client.*: Frappe's RPC document API at /api/method/frappe.client.<name>."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.testapp.models import Article, Category, Note

from .conftest import assert_frappe_error, grant

pytestmark = pytest.mark.django_db
C = "/api/method/frappe.client"


def test_get_list(admin_api, articles):
    response = admin_api.get(f"{C}.get_list", {"doctype": "Article", "fields": '["name", "views"]',
                                               "filters": '{"published": 1}', "order_by": "views desc",
                                               "limit_page_length": "2"})
    assert response.json() == {"message": [{"name": "a3", "views": 30}, {"name": "a2", "views": 20}]}


def test_get_list_json_body_and_frappe_ui_aliases(admin_api, articles):
    body = {"doctype": "Article", "fields": ["name"], "filters": [["views", ">", 0]], "order_by": "name asc",
            "start": 1, "limit": 2}
    assert admin_api.post_json(f"{C}.get_list", body).json() == {"message": [{"name": "a2"}, {"name": "a3"}]}


def test_get_list_respects_permissions(client, alice_api, articles, note):
    assert len(alice_api.get(f"{C}.get_list", {"doctype": "Article"}).json()["message"]) == 3
    assert_frappe_error(alice_api.get(f"{C}.get_list", {"doctype": "Note"}), 403, "PermissionError")
    assert_frappe_error(client.get(f"{C}.get_list", {"doctype": "Article"}), 403, "PermissionError")  # login only


def test_get_list_caps(admin_api, articles):
    assert_frappe_error(admin_api.get(f"{C}.get_list", {"doctype": "Article", "limit_page_length": str(10**6)}),
                        417, "InvalidQueryError")


def test_get_count(client, admin_api, articles):
    assert admin_api.get(f"{C}.get_count", {"doctype": "Article"}).json() == {"message": 5}
    assert admin_api.get(f"{C}.get_count", {"doctype": "Article", "filters": '[["views", ">", 10]]'}).json() == {
        "message": 2}
    assert client.get(f"{C}.get_count", {"doctype": "Article"}).status_code == 403  # login required


def test_get(admin_api, alice_api, articles):
    assert admin_api.get(f"{C}.get", {"doctype": "Article", "name": "a2"}).json()["message"]["title"] == "Second"
    by_filters = admin_api.get(f"{C}.get", {"doctype": "Article", "filters": '{"views": 30}'}).json()
    assert by_filters["message"]["name"] == "a3"
    assert_frappe_error(admin_api.get(f"{C}.get", {"doctype": "Article", "name": "zz"}), 404, "DoesNotExistError")
    assert_frappe_error(alice_api.get(f"{C}.get", {"doctype": "Article", "name": "d1"}), 403, "PermissionError")
    assert_frappe_error(admin_api.get(f"{C}.get", {"doctype": "Nope", "name": "x"}), 404, "DoesNotExistError")


def test_get_value(admin_api, articles):
    assert admin_api.get(f"{C}.get_value", {"doctype": "Article", "fieldname": "title",
                                            "filters": "a1"}).json() == {"message": {"title": "First"}}
    assert admin_api.get(f"{C}.get_value", {"doctype": "Article", "fieldname": '["title", "views"]',
                                            "filters": '{"name": "a2"}', "as_dict": "0"}).json() == {
        "message": ["Second", 20]}
    assert admin_api.get(f"{C}.get_value", {"doctype": "Article", "fieldname": "title", "filters": "a1",
                                            "as_dict": "false"}).json() == {"message": "First"}
    assert admin_api.get(f"{C}.get_value", {"doctype": "Article", "fieldname": "title",
                                            "filters": "missing"}).json() == {}
    assert_frappe_error(admin_api.get(f"{C}.get_value", {"doctype": "Article", "fieldname": "sleep(1)",
                                                         "filters": "a1"}), 417, "InvalidQueryError")


def test_get_single_value(admin_api, db):
    Category.objects.create(name="Only", description="one")
    assert admin_api.get(f"{C}.get_single_value", {"doctype": "Category", "field": "description"}).json() == {
        "message": "one"}
    assert_frappe_error(admin_api.get(f"{C}.get_single_value", {"doctype": "Category", "field": "nope"}),
                        417, "ValidationError")


def test_get_single_value_never_reads_a_row_the_user_may_not_read(alice_api, db):
    """Alice may read published articles only: the first row being a draft is not hers to read."""
    Article.objects.create(title="Secret draft", slug="draft", published=False)
    Article.objects.create(title="Public", slug="public", published=True)
    response = alice_api.get(f"{C}.get_single_value", {"doctype": "Article", "field": "title"})
    assert_frappe_error(response, 403, "PermissionError")
    assert "Secret draft" not in response.content.decode()


def test_set_value(admin_api, articles):
    response = admin_api.post_json(f"{C}.set_value", {"doctype": "Article", "name": "a1", "fieldname": "title",
                                                       "value": "Renamed"})
    assert response.json()["message"]["title"] == "Renamed"
    many = admin_api.post_json(f"{C}.set_value", {"doctype": "Article", "name": "a1",
                                                   "fieldname": {"views": 99, "category": "Guides"}})
    assert many.json()["message"]["views"] == 99 and Article.objects.get(slug="a1").category.name == "Guides"
    form = admin_api.post(f"{C}.set_value", {"doctype": "Article", "name": "a1", "fieldname": '{"views": 7}'})
    assert form.json()["message"]["views"] == 7


@pytest.mark.parametrize("fieldname, value, status, text", [
    ("owner", "alice", 417, "Cannot edit standard fields"),
    ("name", "x", 417, "Cannot edit standard fields"),
    ("views", "lots", 417, "views"),
    ("nope", "x", 417, "has no field"),
    (["title"], "x", 417, "fieldname must be"),
])
def test_set_value_refusals_change_nothing(admin_api, articles, db_snapshot, fieldname, value, status, text):
    before = db_snapshot()
    response = admin_api.post_json(f"{C}.set_value", {"doctype": "Article", "name": "a1", "fieldname": fieldname,
                                                      "value": value})
    assert_frappe_error(response, status, "ValidationError", text)
    assert db_snapshot() == before


def test_set_value_needs_write_permission(user, alice_api, articles):
    grant(user, "view_article")
    response = alice_api.post_json(f"{C}.set_value", {"doctype": "Article", "name": "a1", "fieldname": "title",
                                                      "value": "x"})
    assert_frappe_error(response, 403, "PermissionError")


def test_insert(admin_api, categories):
    response = admin_api.post_json(f"{C}.insert", {"doc": {"doctype": "Article", "title": "New", "slug": "new"}})
    assert response.json()["message"]["name"] == "new"
    as_text = admin_api.post(f"{C}.insert", {"doc": json.dumps({"doctype": "Category", "name": "Text"})})
    assert as_text.json()["message"]["name"] == "Text"


@pytest.mark.parametrize("doc, status, exc_type", [
    ({"title": "no doctype"}, 417, "ValidationError"),
    ({"doctype": "Nope"}, 404, "DoesNotExistError"),
    ([{"doctype": "Category", "name": "x"}], 417, "ValidationError"),
    ("not json", 417, "ValidationError"),
    ({"doctype": "Category", "name": "News"}, 409, "DuplicateEntryError"),
])
def test_insert_refusals(admin_api, categories, db_snapshot, doc, status, exc_type):
    before = db_snapshot()
    assert_frappe_error(admin_api.post_json(f"{C}.insert", {"doc": doc}), status, exc_type)
    assert db_snapshot() == before


def test_insert_many_is_all_or_nothing(admin_api, categories, db_snapshot):
    docs = [{"doctype": "Category", "name": f"C{i}"} for i in range(3)]
    assert admin_api.post_json(f"{C}.insert_many", {"docs": docs}).json() == {"message": ["C0", "C1", "C2"]}
    before = db_snapshot()
    bad = [{"doctype": "Category", "name": "D0"}, {"doctype": "Category", "name": "D1"},
           {"doctype": "Article", "title": "no slug field value", "slug": ""}]
    response = admin_api.post_json(f"{C}.insert_many", {"docs": bad})
    assert response.status_code == 417
    assert db_snapshot() == before  # D0 and D1 rolled back


def test_insert_many_at_most_200(admin_api, db, db_snapshot):
    before = db_snapshot()
    docs = json.dumps([{"doctype": "Category", "name": f"C{i}"} for i in range(201)])
    assert_frappe_error(admin_api.post(f"{C}.insert_many", {"docs": docs}), 417, "ValidationError", "200")
    assert db_snapshot() == before
    assert_frappe_error(admin_api.post_json(f"{C}.insert_many", {"docs": {"a": 1}}), 417, "ValidationError")


def test_insert_many_checks_each_permission(user, alice_api, db, db_snapshot):
    grant(user, "add_category")
    before = db_snapshot()
    docs = [{"doctype": "Category", "name": "ok"}, {"doctype": "Note", "title": "not allowed"}]
    assert_frappe_error(alice_api.post_json(f"{C}.insert_many", {"docs": docs}), 403, "PermissionError")
    assert db_snapshot() == before


def test_delete(admin_api, articles, note):
    assert admin_api.post(f"{C}.delete", {"doctype": "Note", "name": str(note.pk)}).json() == {}
    assert not Note.objects.exists()
    assert_frappe_error(admin_api.post(f"{C}.delete", {"doctype": "Note", "name": "1"}), 404, "DoesNotExistError")
    assert admin_api.get(f"{C}.delete", {"doctype": "Article", "name": "a1"}).status_code == 405


def test_delete_needs_permission(alice_api, articles, db_snapshot):
    before = db_snapshot()
    assert_frappe_error(alice_api.post(f"{C}.delete", {"doctype": "Article", "name": "a1"}), 403, "PermissionError")
    assert db_snapshot() == before


def test_rename_doc(admin_api, articles):
    response = admin_api.post_json(f"{C}.rename_doc", {"doctype": "Article", "old_name": "a1", "new_name": "first"})
    assert response.json() == {"message": "first"}
    assert Article.objects.filter(slug="first").exists() and not Article.objects.filter(slug="a1").exists()
    category = admin_api.post_json(f"{C}.rename_doc", {"doctype": "Category", "old_name": "News",
                                                       "new_name": "Updates"})
    assert category.json() == {"message": "Updates"} and Category.objects.filter(name="Updates").exists()


@pytest.mark.parametrize("doctype, old, new, status, exc_type", [
    ("Note", "1", "2", 417, "ValidationError"),  # the name is the primary key
    ("Article", "a1", "a2", 409, "DuplicateEntryError"),
    ("Article", "a1", "", 417, "ValidationError"),
    ("Article", "zz", "x", 404, "DoesNotExistError"),
    ("Article", "a1", "has space", 417, "ValidationError"),  # slug validation
])
def test_rename_doc_refusals(admin_api, articles, note, db_snapshot, doctype, old, new, status, exc_type):
    before = db_snapshot()
    response = admin_api.post_json(f"{C}.rename_doc", {"doctype": doctype, "old_name": old, "new_name": new})
    assert_frappe_error(response, status, exc_type)
    assert db_snapshot() == before


def test_rename_doc_merge_is_refused(admin_api, articles):
    response = admin_api.post_json(f"{C}.rename_doc", {"doctype": "Article", "old_name": "a1", "new_name": "b",
                                                       "merge": True})
    assert_frappe_error(response, 417, "ValidationError", "Merging")


def test_client_functions_need_a_login(client, articles):
    for name in ("get", "get_value", "insert", "delete", "set_value", "rename_doc", "insert_many"):
        assert client.post(f"{C}.{name}").status_code == 403


def test_bad_doctype_argument(admin_api):
    assert_frappe_error(admin_api.get(f"{C}.get_list", {"doctype": ""}), 417, "ValidationError")
    assert_frappe_error(admin_api.post_json(f"{C}.get_list", {"doctype": ["Article"]}), 417, "ValidationError")


def test_a_documents_link_names_cost_no_query_of_their_own(admin_api, articles):
    """frappe.client reads a document with its links joined, as the REST routes do: a linked name is no extra query,
    and bulk_update does not read each row's linked documents one by one."""
    def queries(path, data):
        with CaptureQueriesContext(connection) as captured:
            assert admin_api.post_json(path, data).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    queries(f"{C}.get", {"doctype": "Article", "name": "a3"})  # the API key's last_used is written once a minute
    assert len(queries(f"{C}.get", {"doctype": "Article", "name": "a1"})) == \
        len(queries(f"{C}.get", {"doctype": "Article", "name": "a3"}))  # a1 has a category, a3 none
    rows = [{"doctype": "Article", "docname": name, "views": 1} for name in ("a1", "a2")]
    category_reads = [sql for sql in queries(f"{C}.bulk_update", {"docs": rows})
                      if 'FROM "testapp_category"' in sql and not sql.startswith("SELECT 1 AS")]
    assert category_reads == []  # only full_clean's check that the link still exists
