"""OpenAPI 3 at /api/schema/, Swagger UI at /api/docs/, ``manage.py api_schema``."""

from __future__ import annotations

import json

import openapi_spec_validator
import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from django_frappe_web import doctypes

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, superuser):
    # The whole document: a superuser may use every doctype and method (see test_schema_access.py).
    client.force_login(superuser)
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_schema_is_valid_openapi_3_without_generator_warnings(schema):
    validate_schema(schema)  # drf-spectacular's OpenAPI 3.0 JSON-schema validation
    assert schema["openapi"].startswith("3.")
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache


def test_the_served_schema_is_valid_openapi_3_1(client, schema):
    """openapi-spec-validator's 3.1 rules, for the whole document and for a guest's."""
    from openapi_spec_validator import OpenAPIV31SpecValidator, validate

    from . import methods, typed_methods  # noqa: F401 - whitelisted functions with every kind of annotation

    client.logout()
    for document in (schema, client.get("/api/schema/").json()):
        assert document["openapi"] == "3.1.0"
        validate(document, cls=OpenAPIV31SpecValidator)


def test_one_path_per_doctype_and_version(schema):
    from urllib.parse import quote

    for doctype in doctypes.iter_doctypes():
        name = quote(doctype.name)
        for path in (f"/api/resource/{name}", f"/api/resource/{name}/{{name}}", f"/api/v2/document/{name}",
                     f"/api/v2/document/{name}/{{name}}", f"/api/v2/doctype/{name}/meta",
                     f"/api/v2/doctype/{name}/count"):
            assert path in schema["paths"], path
    assert set(schema["paths"]["/api/resource/Article"]) == {"get", "post"}
    assert set(schema["paths"]["/api/resource/Article/{name}"]) == {"get", "put", "delete"}


def test_doctype_fields_are_a_component(schema):
    article = schema["components"]["schemas"]["Article"]["properties"]
    assert {"name", "title", "slug", "category", "published", "views", "owner", "modified"} <= set(article)
    assert article["category"]["type"] == ["string", "null"]  # links are names (OpenAPI 3.1: nullable as a type)
    assert article["views"]["type"] == "integer" and article["published"]["type"] == "boolean"
    assert article["owner"]["readOnly"] is True
    assert "password" not in schema["components"]["schemas"]["User"]["properties"]


def test_envelopes_parameters_and_errors(schema):
    list_op = schema["paths"]["/api/resource/Article"]["get"]
    params = {p["name"] for p in list_op["parameters"]}
    assert {"fields", "filters", "or_filters", "order_by", "group_by", "limit_start", "limit_page_length",
            "limit", "as_dict"} <= params
    page = schema["components"]["schemas"]["PaginatedArticleList"]
    assert page["properties"]["data"]["type"] == "array"
    assert schema["components"]["schemas"]["PaginatedArticleListV2"]["properties"]["has_next_page"]
    detail = schema["paths"]["/api/resource/Article/{name}"]
    assert detail["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"] == {
        "$ref": "#/components/schemas/Article"}
    assert "202" in detail["delete"]["responses"]
    assert detail["get"]["responses"]["403"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FrappeError"}
    assert set(schema["components"]["securitySchemes"]) == {"apiKeyAuth", "cookieAuth"}


def test_builtin_methods_are_spelled_out(schema):
    login = schema["paths"]["/api/method/login"]
    assert set(login) == {"post"}
    assert set(login["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]) >= {"usr", "pwd"}
    get_list = schema["paths"]["/api/method/frappe.client.get_list"]["get"]
    assert {p["name"] for p in get_list["parameters"]} >= {"doctype", "fields", "filters"}
    assert "/api/method/{method}" in schema["paths"] and "/api/v2/method/{method}" in schema["paths"]


def test_docs_page(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert b'data-schema-url="/api/schema/"' in response.content  # read by frappe_web/api_docs.js


@pytest.mark.parametrize("filename, load", [("api.yaml", yaml.safe_load), ("api.json", json.loads)])
def test_command_writes_the_schema_to_a_file(tmp_path, schema, filename, load):
    target = tmp_path / filename
    call_command("api_schema", "--file", str(target), stdout=open("/dev/null", "w"))
    written = load(target.read_text())
    validate_schema(written)
    openapi_spec_validator.validate(written)
    assert written["paths"].keys() == schema["paths"].keys()


def _json_schema(node):
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema's ``anyOf [..., null]``."""
    if isinstance(node, list):
        return [_json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _validate(schema: dict, component: str, value) -> None:
    import jsonschema

    document = {"$ref": f"#/components/schemas/{component}", "components": _json_schema(schema["components"])}
    jsonschema.validate(value, document, format_checker=jsonschema.FormatChecker())


def test_answers_fit_the_schema_as_sent_on_the_wire(client, schema, articles):
    """Frappe's datetimes ("2024-01-31 13:45:00.123456"), rows of the requested fields only, as_dict=0 lists."""
    document = client.get("/api/resource/Article/a1").json()["data"]
    assert " " in document["modified"]
    _validate(schema, "Article", document)
    for query in ('?fields=["name"]', "?as_dict=0", '?fields=["name", "modified"]&as_dict=0', ""):
        _validate(schema, "PaginatedArticleList", client.get(f"/api/resource/Article{query}").json())
    _validate(schema, "PaginatedArticleListV2", client.get('/api/v2/document/Article?fields=["title"]').json())
    assert "format" not in schema["components"]["schemas"]["Article"]["properties"]["modified"]
