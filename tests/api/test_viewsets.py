"""/api/resource (v1, at /api/ and /api/v1/) and /api/v2/document, /api/v2/doctype: generated per doctype."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_frappe_web import doctypes
from django_frappe_web.api.pagination import FrappeV2Pagination
from django_frappe_web.api.serializers import DocTypeSerializer, serializer_class_for
from django_frappe_web.api.viewsets import DocumentViewSet, ResourceViewSet, viewset_for
from tests.testapp.models import Article, Category

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db


# -- v1 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
def test_crud_round_trip(admin_api, categories, prefix):
    created = admin_api.post_json(f"{prefix}/resource/Article", {"title": "Hello", "slug": "hello",
                                                                 "category": "News", "views": 3})
    assert created.status_code == 200
    doc = created.json()["data"]
    assert doc["doctype"] == "Article" and doc["name"] == "hello" and doc["category"] == "News"
    assert doc["owner"] == "admin" and doc["modified_by"] == "admin"

    fetched = admin_api.get(f"{prefix}/resource/Article/hello")
    assert fetched.status_code == 200 and fetched.json()["data"]["title"] == "Hello"

    updated = admin_api.put_json(f"{prefix}/resource/Article/hello", {"title": "Hello again"})
    assert updated.status_code == 200
    assert updated.json()["data"]["title"] == "Hello again" and updated.json()["data"]["views"] == 3  # partial
    assert Article.objects.get(slug="hello").title == "Hello again"

    deleted = admin_api.delete(f"{prefix}/resource/Article/hello")
    assert deleted.status_code == 202 and deleted.json() == {"data": "ok"}
    assert not Article.objects.filter(slug="hello").exists()


def test_trailing_slash_is_optional(admin_api, articles):
    assert admin_api.get("/api/resource/Article/").status_code == 200
    assert admin_api.get("/api/resource/Article/a1/").json()["data"]["name"] == "a1"


def test_create_accepts_frappe_client_form_data(admin_api, categories):
    # frappe-client (Python) posts data=<JSON> as a form field; "doctype" in the body is ignored.
    response = admin_api.post("/api/resource/Article", {"data": '{"doctype": "Article", "title": "T", "slug": "t"}'})
    assert response.status_code == 200 and response.json()["data"]["name"] == "t"


def test_update_accepts_form_encoded_put(admin_api, articles):
    response = admin_api.put("/api/resource/Article/a1", "data=%7B%22title%22%3A%20%22Via%20form%22%7D",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.json()["data"]["title"] == "Via form"


def test_form_fields_without_data_are_the_document_minus_transport_fields(admin_api, articles):
    response = admin_api.post("/api/resource/Article", "title=From+a+form&slug=from-form&csrfmiddlewaretoken=x",
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.json()["data"]["name"] == "from-form"
    assert Article.objects.get(slug="from-form").title == "From a form"


def test_document_sent_back_with_frappe_bookkeeping_is_accepted(admin_api, articles):
    doc = admin_api.get("/api/resource/Article/a1").json()["data"]
    doc.update(title="Round trip", docstatus=0, idx=0, _user_tags=None, creation="2000-01-01 00:00:00")
    response = admin_api.put_json("/api/resource/Article/a1", doc)
    assert response.status_code == 200
    article = Article.objects.get(slug="a1")
    assert article.title == "Round trip" and article.creation.year != 2000  # standard fields are read-only


def test_list_defaults(client, articles):
    response = client.get("/api/resource/Article")
    assert response.status_code == 200
    # Guests see published rows only, ordered by the doctype's sort_field (-published_on), names only.
    assert response.json() == {"data": [{"name": "a3"}, {"name": "a2"}, {"name": "a1"}]}


def test_list_fields_filters_order(admin_api, articles):
    response = admin_api.get("/api/resource/Article", {
        "fields": '["name", "title", "category", "views"]',
        "filters": '[["views", ">=", 10]]',
        "order_by": "views asc",
    })
    assert response.json()["data"] == [
        {"name": "a1", "title": "First", "category": "News", "views": 10},
        {"name": "a2", "title": "Second", "category": "Guides", "views": 20},
        {"name": "a3", "title": "Third", "category": None, "views": 30},
    ]


@pytest.mark.parametrize("filters", [
    '{"category": "News"}',
    '{"category": ["=", "News"]}',
    '[["category", "=", "News"]]',
    '[["Article", "category", "=", "News"]]',
])
def test_list_filter_forms(admin_api, articles, filters):
    response = admin_api.get("/api/resource/Article", {"filters": filters, "order_by": "name asc"})
    assert response.json()["data"] == [{"name": "a1"}, {"name": "d1"}]


def test_list_or_filters_and_as_dict(admin_api, articles):
    response = admin_api.get("/api/resource/Article", {
        "fields": '["name", "views"]', "or_filters": '[["views", "=", 0], ["name", "=", "a3"]]',
        "order_by": "name desc", "as_dict": "0",
    })
    assert response.json()["data"] == [["d2", 0], ["a3", 30]]


def test_list_group_by(admin_api, articles):
    response = admin_api.get("/api/resource/Article", {
        "fields": '["published", "count(*) as total", "sum(views)"]', "group_by": "published",
        "order_by": "published desc",
    })
    assert response.json()["data"] == [{"published": True, "total": 3, "sum(views)": 60},
                                       {"published": False, "total": 2, "sum(views)": 5}]


def test_list_star_fields(admin_api, articles):
    row = admin_api.get("/api/resource/Article", {"fields": '["*"]', "filters": '{"name": "a1"}'}).json()["data"][0]
    assert row["name"] == "a1" and row["category"] == "News" and row["published_on"] == "2024-01-01"


def test_list_with_link_fields_is_one_query(admin_api, articles, django_assert_num_queries):
    admin_api.get("/api/resource/Article")  # warm: caches, content types
    # API key lookup (1), last_used is fresh (0), the list with its joins (1).
    with django_assert_num_queries(2):
        response = admin_api.get("/api/resource/Article", {"fields": '["*"]', "limit_page_length": "0"})
    assert len(response.json()["data"]) == 5


def test_list_query_count_does_not_grow_with_rows(admin_api, categories):
    Article.objects.bulk_create(Article(title=f"T{i}", slug=f"s{i}", category=categories["News"]) for i in range(40))
    admin_api.get("/api/resource/Article")
    with CaptureQueriesContext(connection) as queries:
        admin_api.get("/api/resource/Article", {"fields": '["name", "category", "owner"]', "limit": "40"})
    assert len(queries) == 2
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_session_list_query_count(client_alice, articles, django_assert_num_queries):
    client_alice.get("/api/resource/Article")
    # session, user, the user's language (docs/i18n.md: no _lang, no cookie), the user's and groups' permissions, list
    with django_assert_num_queries(6):
        assert client_alice.get("/api/resource/Article").status_code == 200


def test_detail_reads_links_without_extra_queries(admin_api, articles, django_assert_num_queries):
    admin_api.get("/api/resource/Article/a1")
    with django_assert_num_queries(2):  # key, document with its links
        assert admin_api.get("/api/resource/Article/a1").json()["data"]["category"] == "News"


# -- names and doctypes --------------------------------------------------------------------


def test_name_with_slash_reaches_the_document(admin_api, db):
    from django_frappe_web.models import WebPage

    WebPage.objects.create(title="Setup", route="docs/setup", published=True)
    response = admin_api.get("/api/resource/Web Page/docs/setup")
    assert response.status_code == 200 and response.json()["data"]["name"] == "docs/setup"
    assert admin_api.get("/api/resource/Web%20Page/docs%2Fsetup").json()["data"]["title"] == "Setup"


@pytest.mark.parametrize("name", ["nope", "a1/extra", "a%00b", "%E2%9C%93-unicode", "x" * 2000, "a%0Ab"])
def test_unknown_names_are_404(admin_api, articles, name):
    response = admin_api.get(f"/api/resource/Article/{name}")
    assert_frappe_error(response, 404, "DoesNotExistError")


def test_unicode_names_work(admin_api, db):
    Category.objects.create(name="Ñandú ✓")
    response = admin_api.get("/api/resource/Category/%C3%91and%C3%BA%20%E2%9C%93")
    assert response.status_code == 200 and response.json()["data"]["name"] == "Ñandú ✓"


@pytest.mark.parametrize("path", ["/api/resource/Nope", "/api/resource/Nope/x", "/api/v1/resource/Nope",
                                  "/api/resource/article"])
def test_unknown_doctype_is_json_404(admin_api, path):
    body = assert_frappe_error(admin_api.get(path), 404, "DoesNotExistError")
    assert "DocType" in body["exception"]


@pytest.mark.parametrize("path", ["/api/", "/api/nothing/here", "/api/v3/x", "/api/resource"])
def test_unknown_api_paths_are_json_404_not_the_website(client, path):
    response = client.get(path)
    assert_frappe_error(response, 404, "DoesNotExistError")


@pytest.mark.parametrize("path, message", [("/api/v2/nothing", "Not found: /api/v2/nothing"),
                                           ("/api/v2/document/Nope", "DocType Nope not found")])
def test_v2_unknown_path_uses_v2_errors(client, path, message):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"errors": [{"type": "DoesNotExistError", "message": message}]}


# -- verbs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method, path, allow", [
    ("patch", "/api/resource/Article/a1", "GET, POST, PUT, DELETE, HEAD, OPTIONS"),  # POST: ?run_method=
    ("put", "/api/resource/Article", "GET, POST, HEAD, OPTIONS"),
    ("delete", "/api/resource/Article", "GET, POST, HEAD, OPTIONS"),
])
def test_wrong_verb_is_405_with_allow(admin_api, articles, method, path, allow):
    response = getattr(admin_api, method)(path)
    assert_frappe_error(response, 405, "MethodNotAllowed")
    assert response["Allow"] == allow


def test_wrong_verb_in_v2_is_405_with_allow(admin_api):
    response = admin_api.post("/api/v2/doctype/Article/meta")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["errors"][0]["type"] == "MethodNotAllowed"


# -- bad documents -------------------------------------------------------------------------


@pytest.mark.parametrize("body, text", [
    ('["not", "an", "object"]', "must be a JSON object"),
    ('"scalar"', "must be a JSON object"),
    ("12", "must be a JSON object"),
    ("{not json", "not valid JSON"),
    ('{"title": "T", "slug": "t", "colour": "red"}', "has no field 'colour'"),
    ('{"title": "T", "slug": "t", "views": "many"}', "views"),
    ('{"title": {"nested": 1}, "slug": "t"}', "must be a single value"),
    ('{"title": "T\\u0000", "slug": "t"}', "NUL"),
    ('{"title": "T", "slug": "t", "category": "No such category"}', "Invalid link"),
    ('{"slug": "t"}', "title"),
    ('{"title": "T", "slug": "t", "views": 99999999999999999999}', "views"),
    ('{"data": "[1, 2]"}', "must be a JSON object"),
])
def test_bad_documents_are_417_and_save_nothing(admin_api, articles, db_snapshot, body, text):
    before = db_snapshot()
    response = admin_api.post("/api/resource/Article", body, content_type="application/json")
    assert_frappe_error(response, 417, "ValidationError", text)
    assert db_snapshot() == before


def test_bad_update_is_417_and_changes_nothing(admin_api, articles, db_snapshot):
    before = db_snapshot()
    response = admin_api.put_json("/api/resource/Article/a1", {"title": "Changed", "views": "lots"})
    assert_frappe_error(response, 417, "ValidationError", "views")
    assert db_snapshot() == before


def test_duplicate_is_409(admin_api, articles, db_snapshot):
    before = db_snapshot()
    response = admin_api.post_json("/api/resource/Article", {"title": "Again", "slug": "a1"})
    assert_frappe_error(response, 409, "DuplicateEntryError")
    assert db_snapshot() == before


def test_ten_megabyte_body_is_413(admin_api, db_snapshot):
    before = db_snapshot()
    payload = '{"title": "' + "x" * (10 * 1024 * 1024) + '", "slug": "big"}'
    response = admin_api.post("/api/resource/Article", payload, content_type="application/json")
    assert_frappe_error(response, 413, "RequestTooLarge")
    assert db_snapshot() == before


def test_delete_clears_set_null_links(admin_api, db):
    category = Category.objects.create(name="Temp")
    Article.objects.create(title="T", slug="t", category=category)
    assert admin_api.delete("/api/resource/Category/Temp").status_code == 202
    assert Article.objects.get(slug="t").category is None


# -- v2 ------------------------------------------------------------------------------------


def test_v2_crud(admin_api, categories):
    created = admin_api.post_json("/api/v2/document/Article", {"title": "V2", "slug": "v2", "category": "Guides"})
    assert created.status_code == 200 and created.json()["data"]["name"] == "v2"
    assert admin_api.get("/api/v2/document/Article/v2").json()["data"]["category"] == "Guides"
    patched = admin_api.patch("/api/v2/document/Article/v2", '{"views": 7}', content_type="application/json")
    assert patched.status_code == 200 and patched.json()["data"]["views"] == 7
    assert admin_api.delete("/api/v2/document/Article/v2").json() == {"data": "ok"}


def test_v2_list_pages(admin_api, articles, django_assert_num_queries):
    first = admin_api.get("/api/v2/document/Article", {"limit": "2", "order_by": "name asc"}).json()
    assert first == {"data": [{"name": "a1"}, {"name": "a2"}], "has_next_page": True}
    last = admin_api.get("/api/v2/document/Article", {"limit": "2", "start": "4", "order_by": "name asc"}).json()
    assert last == {"data": [{"name": "d2"}], "has_next_page": False}
    with django_assert_num_queries(2):  # key, page (no COUNT)
        admin_api.get("/api/v2/document/Article")


def test_v2_include_count(admin_api, articles):
    body = admin_api.get("/api/v2/document/Article", {"limit": "1", "include": "count",
                                                      "filters": '{"published": 1}'}).json()
    assert body["count"] == 3 and len(body["data"]) == 1 and body["has_next_page"] is True


def test_v2_errors(admin_api):
    response = admin_api.get("/api/v2/document/Article", {"fields": '["password"]'})
    assert response.status_code == 417
    error = response.json()["errors"][0]
    assert error["type"] == "InvalidQueryError" and "password" in error["message"]
    assert "exc_type" not in response.json()


def test_v2_meta_and_count(client, articles):
    meta = client.get("/api/v2/doctype/Article/meta").json()["data"]
    assert meta["name"] == "Article" and meta["title_field"] == "title" and meta["autoname"] == "field:slug"
    fields = {field["fieldname"]: field for field in meta["fields"]}
    assert fields["category"]["fieldtype"] == "Link" and fields["category"]["options"] == "Category"
    assert fields["status"]["fieldtype"] == "Select" and fields["status"]["options"] == "draft\nreview\ndone"
    assert fields["published"]["fieldtype"] == "Check" and fields["title"]["reqd"] == 1
    assert client.get("/api/v2/doctype/Article/count").json() == {"data": 3}  # a guest counts published rows
    assert client.get("/api/v2/doctype/Article/count", {"filters": '{"views": [">", 15]}'}).json() == {"data": 2}


def test_v2_meta_needs_read_permission(client):
    response = client.get("/api/v2/doctype/Note/meta")
    assert response.status_code == 403 and response.json()["errors"][0]["type"] == "PermissionError"


# -- overrides -----------------------------------------------------------------------------


class ShoutingSerializer(DocTypeSerializer):
    class Meta:
        model = Category
        fields = ["name", "description"]

    def to_representation(self, instance):
        return {**super().to_representation(instance), "shout": instance.name.upper()}


class CountingViewSet(ResourceViewSet):
    calls = 0

    def retrieve(self, request, *args, **kwargs):
        CountingViewSet.calls += 1
        return super().retrieve(request, *args, **kwargs)


def test_doctype_may_name_its_serializer_and_viewset():
    doctype = doctypes.get_doctype("Category")
    original = doctype.serializer_class, doctype.viewset_class
    try:
        doctype.serializer_class = "tests.api.test_viewsets.ShoutingSerializer"
        doctype.viewset_class = CountingViewSet
        assert serializer_class_for(doctype) is ShoutingSerializer
        v1 = viewset_for(doctype, ResourceViewSet)
        v2 = viewset_for(doctype, DocumentViewSet)
        assert issubclass(v1, CountingViewSet) and v1.serializer_class is ShoutingSerializer
        assert issubclass(v2, CountingViewSet) and issubclass(v2, DocumentViewSet)
        assert v2.pagination_class is FrappeV2Pagination and v2.api_version == 2
    finally:
        doctype.serializer_class, doctype.viewset_class = original


def test_overridden_classes_serve_requests(superuser, rf):
    from django_frappe_web.local import Local, reset_local, set_local

    Category.objects.create(name="loud")
    doctype = doctypes.get_doctype("Category")
    original = doctype.serializer_class, doctype.viewset_class
    doctype.serializer_class, doctype.viewset_class = ShoutingSerializer, CountingViewSet
    try:
        view = viewset_for(doctype, ResourceViewSet).as_view({"get": "retrieve"})
        request = rf.get("/api/resource/Category/loud")
        request.user = superuser
        token = set_local(Local(request=request))
        try:
            response = view(request, name="loud")
        finally:
            reset_local(token)
        assert response.status_code == 200 and response.data["data"]["shout"] == "LOUD"
        assert CountingViewSet.calls >= 1
    finally:
        doctype.serializer_class, doctype.viewset_class = original
