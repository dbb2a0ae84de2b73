"""Bad list input never reaches SQL and is never a 500: 417 with a clear message, database unchanged."""

from __future__ import annotations

import json

import pytest

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db

INJECTIONS = ["sleep(1)", "version()", "1;drop table testapp_article", "name; drop table testapp_article",
              "pg_sleep(1)", "title) or 1=1 --", "(select 1)", "name`; drop table x; --", "@@version",
              "benchmark(1000000, md5(1))", "title AS x FROM auth_user --"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_fields_is_417(admin_api, articles, db_snapshot, value):
    before = db_snapshot()
    assert_frappe_error(admin_api.get("/api/resource/Article", {"fields": json.dumps(["name", value])}),
                        417, "InvalidQueryError")
    assert db_snapshot() == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_order_by_is_417(admin_api, articles, value):
    assert_frappe_error(admin_api.get("/api/resource/Article", {"order_by": value}), 417, "InvalidQueryError")


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_group_by_is_417(admin_api, articles, value):
    response = admin_api.get("/api/resource/Article", {"fields": '["count(*)"]', "group_by": value})
    assert_frappe_error(response, 417, "InvalidQueryError")


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_filter_values_is_just_a_value(admin_api, articles, db_snapshot, value):
    before = db_snapshot()
    response = admin_api.get("/api/resource/Article", {"filters": json.dumps([["title", "=", value]])})
    assert response.status_code == 200 and response.json() == {"data": []}
    like = admin_api.get("/api/resource/Article", {"filters": json.dumps({"title": ["like", f"%{value}%"]})})
    assert like.status_code == 200 and like.json() == {"data": []}
    assert db_snapshot() == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_filter_fields_is_417(admin_api, articles, value):
    response = admin_api.get("/api/resource/Article", {"filters": json.dumps([[value, "=", 1]])})
    assert_frappe_error(response, 417, "InvalidQueryError")


@pytest.mark.parametrize("params, text", [
    ({"fields": '["nope"]'}, 'Field "nope" is not a field of DocType Article'),
    ({"fields": '["password"]'}, "password"),
    ({"fields": "[not json"}, "Fields must be a JSON list"),
    ({"fields": '{"a": 1}'}, "is not a valid field"),
    ({"filters": "{not json"}, "Filters must be JSON"),
    ({"filters": '[["title", "~~", "x"]]'}, 'Operator "~~" is not supported'),
    ({"filters": '[["title", "regexp", ".*"]]'}, "is not supported"),
    ({"filters": '[["nope", "=", 1]]'}, "nope"),
    ({"filters": '[["title", "=", ["a"]]]'}, "single value"),
    ({"filters": '[["views", ">", "many"]]'}, "Invalid value"),
    ({"filters": '[["title"]]'}, "A filter must be"),
    ({"filters": '[["Note", "title", "=", "x"]]'}, "Note"),
    ({"or_filters": '[["nope", "=", 1]]'}, "nope"),
    ({"order_by": "nope desc"}, "Cannot order by"),
    ({"order_by": "title sideways"}, "Cannot order by"),
    ({"group_by": "nope"}, "nope"),
    ({"as_dict": "maybe"}, "as_dict"),
])
def test_unknown_fields_operators_and_bad_json_are_417(admin_api, articles, params, text):
    assert_frappe_error(admin_api.get("/api/resource/Article", params), 417, "InvalidQueryError", text)


def test_a_string_filter_is_a_name_never_sql(admin_api, articles):
    response = admin_api.get("/api/resource/Article", {"filters": '"title = 1 or 1=1"'})
    assert response.json() == {"data": []}


def test_filters_nested_a_thousand_deep_are_417(admin_api, articles):
    deep = "[" * 1000 + '"x"' + "]" * 1000
    for param in ("filters", "or_filters", "fields"):
        response = admin_api.get("/api/resource/Article", {param: deep})
        assert_frappe_error(response, 417, "InvalidQueryError")
    deep_object = '{"a": ' * 1000 + "1" + "}" * 1000
    assert_frappe_error(admin_api.get("/api/resource/Article", {"filters": deep_object}), 417, "InvalidQueryError")


def test_too_many_conditions_is_417(admin_api, articles):
    filters = json.dumps([["views", ">", i] for i in range(500)])
    assert_frappe_error(admin_api.get("/api/resource/Article", {"filters": filters}), 417, "InvalidQueryError",
                        "Too many")


def test_nul_in_a_filter_value_is_417(admin_api, articles):
    response = admin_api.get("/api/resource/Article", {"filters": json.dumps({"title": "a\x00b"})})
    assert_frappe_error(response, 417, "InvalidQueryError", "NUL")


def test_json_body_arguments_work_like_query_arguments(admin_api, articles):
    body = {"fields": ["name"], "filters": [["views", ">", 15]], "order_by": "views desc"}
    response = admin_api.generic("GET", "/api/resource/Article", json.dumps(body), content_type="application/json")
    assert response.json() == {"data": [{"name": "a3"}, {"name": "a2"}]}
