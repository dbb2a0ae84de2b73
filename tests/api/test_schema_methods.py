"""Every whitelisted function in /api/schema/: parameters, types and defaults from its signature, its
docstring, its verbs, whether guests may call it, and Frappe's envelope around its result."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from django_frappe_web import doctypes
from django_frappe_web.api.schema import method_paths
from django_frappe_web.api.schema_methods import add_document_methods, method_path_item
from django_frappe_web.whitelist import WhitelistedMethod, whitelisted_paths

from . import methods, typed_methods  # noqa: F401 - registers their whitelisted functions
from .conftest import grant

pytestmark = pytest.mark.django_db

TYPED = "tests.api.typed_methods"


@pytest.fixture
def schema(client, superuser):
    client.force_login(superuser)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return response.json()


def operation(schema: dict, path: str, verb: str) -> dict:
    return schema["paths"][f"/api/method/{path}"][verb]


def query_parameters(op: dict) -> dict[str, dict]:
    return {parameter["name"]: parameter for parameter in op["parameters"]}


def body_schema(op: dict) -> dict:
    content = op["requestBody"]["content"]
    assert content["application/json"] == content["application/x-www-form-urlencoded"]
    return content["application/json"]["schema"]


def result_schema(op: dict, key: str = "message") -> dict:
    body = op["responses"]["200"]["content"]["application/json"]["schema"]
    return {name: value for name, value in body["properties"][key].items() if name != "description"}


def test_every_whitelisted_function_has_a_v1_and_a_v2_path(schema):
    paths = method_paths()
    assert f"{TYPED}.search" in paths and "tests.api.methods.echo" in paths and "frappe.client.get_list" in paths
    for path, entry in paths.items():
        for url in (f"/api/method/{path}", f"/api/v2/method/{path}"):
            assert {verb.upper() for verb in schema["paths"][url]} == set(entry.methods), url


def test_an_aliased_function_is_listed_under_its_alias_only(schema):
    assert whitelisted_paths()["frappe.client.get_list"].path == "django_frappe_web.api.client.get_list"
    assert "/api/method/frappe.client.get_list" in schema["paths"]
    assert "/api/method/django_frappe_web.api.client.get_list" not in schema["paths"]


def test_a_model_method_or_a_local_function_has_no_method_path():
    class Model:
        @staticmethod
        def hidden() -> None: ...

    from django_frappe_web import frappe

    frappe.whitelist()(Model.hidden)
    assert not [path for path in whitelisted_paths() if "hidden" in path]


def test_get_parameters_are_query_parameters_with_types_and_defaults(schema):
    search = operation(schema, f"{TYPED}.search", "get")
    params = query_parameters(search)
    assert list(params) == ["query", "limit", "ratio", "exact", "tags", "weights", "order", "since", "anything"]
    assert params["query"] == {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}}
    assert params["limit"]["schema"] == {"type": "integer", "default": 20} and not params["limit"]["required"]
    assert params["ratio"]["schema"] == {"type": "number", "default": 0.5}
    assert params["exact"]["schema"] == {"type": "boolean", "default": False}
    assert params["order"]["schema"] == {"enum": ["asc", "desc"], "type": "string", "default": "asc"}
    assert params["since"]["schema"] == {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
                                         "default": None}
    assert params["anything"]["schema"] == {"default": None}  # untyped: any value
    # A list or an object travels as JSON text in the query string, as Frappe reads it.
    assert params["tags"]["content"]["application/json"]["schema"] == {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}], "default": None}
    assert params["weights"]["content"]["application/json"]["schema"]["anyOf"][0] == {
        "type": "object", "additionalProperties": {"type": "integer"}}
    assert "requestBody" not in search


def test_other_verbs_take_a_json_or_form_body(schema):
    totals = schema["paths"][f"/api/method/{TYPED}.totals"]
    assert set(totals) == {"post", "put"}  # only the function's methods
    body = body_schema(totals["post"])
    assert body["properties"] == {
        "by": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        "mode": {"anyOf": [{"type": "integer"}, {"type": "string"}], "default": 1},
        "flags": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "integer"}], "minItems": 2,
                  "maxItems": 2, "default": [0, 1]},
    }
    assert "required" not in body and totals["post"]["requestBody"]["required"] is False
    wrapped = operation(schema, f"{TYPED}.wrapped", "post")  # a decorator above @whitelist, with functools.wraps
    assert body_schema(wrapped)["required"] == ["count"] and wrapped["requestBody"]["required"] is True
    assert body_schema(wrapped)["properties"]["labels"] == {"type": "array", "items": {"type": "string"}}


def test_the_docstring_is_the_description(schema):
    search = operation(schema, f"{TYPED}.search", "get")
    assert search["summary"] == "Search the notes."
    assert search["description"] == ("Search the notes.\n\nFinds the notes whose title contains ``query``, "
                                     "``limit`` at most.")
    assert "description" not in operation(schema, f"{TYPED}.totals", "post")


def test_functions_are_grouped_by_module(schema):
    assert operation(schema, f"{TYPED}.search", "get")["tags"] == [TYPED]
    assert operation(schema, "frappe.client.get_list", "get")["tags"] == ["frappe.client"]
    assert operation(schema, "login", "post")["tags"] == ["methods"]


def test_guest_methods_need_no_authentication_the_others_do(schema):
    search = operation(schema, f"{TYPED}.search", "get")
    totals = operation(schema, f"{TYPED}.totals", "post")
    assert search["x-frappe-allow-guest"] is True and totals["x-frappe-allow-guest"] is False
    schemes = [{name: []} for name in schema["components"]["securitySchemes"]]
    assert search["security"] == [{}, *schemes]
    assert totals["security"] == schemes


def test_a_guest_is_shown_the_guest_functions_only(client):
    paths = client.get("/api/schema/").json()["paths"]
    assert f"/api/method/{TYPED}.search" in paths and f"/api/v2/method/{TYPED}.wrapped" in paths
    assert f"/api/method/{TYPED}.totals" not in paths and f"/api/v2/method/{TYPED}.totals" not in paths


def test_results_are_in_frappes_envelope_with_the_return_type(schema):
    assert result_schema(operation(schema, f"{TYPED}.search", "get")) == {"type": "array",
                                                                          "items": {"type": "object"}}
    totals = operation(schema, f"{TYPED}.totals", "post")["responses"]["200"]["content"]["application/json"]
    assert totals["schema"]["required"] == ["message"]
    assert result_schema(operation(schema, f"{TYPED}.totals", "post")) == {
        "type": "object", "properties": {"count": {"type": "integer"}, "label": {"type": "string"}},
        "required": ["count", "label"]}
    # Optional[int]: the function may return None, and then Frappe sends {} (no message).
    wrapped = operation(schema, f"{TYPED}.wrapped", "post")["responses"]["200"]["content"]["application/json"]
    assert "required" not in wrapped["schema"]
    v2 = schema["paths"][f"/api/v2/method/{TYPED}.totals"]["post"]
    assert result_schema(v2, "data")["properties"]["count"] == {"type": "integer"}
    assert v2["responses"]["403"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FrappeErrorV2"}
    assert operation(schema, f"{TYPED}.totals", "post")["responses"]["417"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/FrappeError"}


def test_a_function_returning_its_own_response_is_not_described_as_json(schema):
    own = operation(schema, f"{TYPED}.own_response", "get")
    assert own["responses"]["200"]["content"] == {"*/*": {"schema": {}}}


def test_a_none_annotation_leaves_the_message_open(schema):
    """``-> None`` functions may still set frappe.response["message"] (login does)."""
    login = operation(schema, "login", "post")
    assert result_schema(login) == {}
    assert set(body_schema(login)["properties"]) == {"usr", "pwd"}  # **kwargs is not a parameter


def test_annotations_no_one_can_read_are_any_value(schema):
    exotic = operation(schema, f"{TYPED}.exotic", "get")
    params = query_parameters(exotic)
    assert list(params) == ["a", "b", "c", "d", "e", "f", "g"]  # no *args, no **kwargs
    assert params["a"]["schema"] == {}  # "NoSuchType"
    assert params["b"]["schema"] == {"type": "integer"}  # "int": a forward reference that resolves
    assert params["c"]["schema"] == {"default": None}  # "list[Undefined]"
    assert params["d"]["schema"] == {"default": 1}  # "1/0" raises when evaluated
    assert params["e"]["schema"] == {}  # object(): no JSON default
    assert params["f"]["schema"] == {}  # a Literal of bytes
    assert params["g"]["schema"] == {"enum": ["red", "blue"], "type": "string", "default": "red"}
    assert result_schema(exotic) == {}  # "Missing"


def test_document_methods_have_a_typed_v2_path_each_and_v1s_run_method_names_them(schema):
    summary = schema["paths"]["/api/v2/document/Ticket/{name}/method/summary"]
    assert set(summary) == {"get"} and summary["get"]["tags"] == ["Ticket"]
    params = query_parameters(summary["get"])
    assert params["name"]["in"] == "path" and params["prefix"]["schema"] == {"type": "string", "default": ""}
    assert "self" not in params
    assert result_schema(summary["get"], "data") == {"type": "string"}
    retitle = schema["paths"]["/api/v2/document/Ticket/{name}/method/retitle"]
    assert set(retitle) == {"post"} and body_schema(retitle["post"])["required"] == ["subject"]
    # Whitelisted for every verb, but the route answers GET and POST only.
    assert set(schema["paths"]["/api/v2/document/Ticket/{name}/method/echo"]) == {"get", "post"}
    submit = schema["paths"]["/api/v2/document/Invoice/{name}/method/submit"]  # a submittable doctype's own
    assert set(submit) == {"post"}
    run_method = schema["paths"]["/api/resource/Ticket/{name}"]["post"]
    assert {p["name"]: p["schema"] for p in run_method["parameters"]}["run_method"] == {
        "type": "string", "enum": ["acknowledge", "close", "echo", "escalate", "itself", "retitle", "summary"]}
    validate(schema)


def test_a_reader_is_shown_the_get_document_methods_only(user, client):
    grant(user, "view_ticket")
    client.force_login(user)
    paths = client.get("/api/schema/").json()["paths"]
    assert set(paths["/api/v2/document/Ticket/{name}/method/summary"]) == {"get"}
    assert set(paths["/api/v2/document/Ticket/{name}/method/echo"]) == {"get"}
    assert "/api/v2/document/Ticket/{name}/method/retitle" not in paths  # POST needs write


def test_add_document_methods_builds_the_paths_from_registry_entries():
    def publish(self, note: str = "", notify: bool = True) -> dict[str, str]:
        """Publish the article."""

    entry = WhitelistedMethod(publish, False, ("POST",), False, "tests.testapp.models.Article.publish")
    paths: dict = {}
    add_document_methods(paths, "/api/", doctypes.get_doctype("Article"), {"publish": entry})
    v2 = paths["/api/v2/document/Article/{name}/method/publish"]
    assert set(v2) == {"post"} and v2["post"]["tags"] == ["Article"]
    assert v2["post"]["parameters"][0]["name"] == "name" and v2["post"]["parameters"][0]["in"] == "path"
    assert body_schema(v2["post"])["properties"] == {"note": {"type": "string", "default": ""},
                                                      "notify": {"type": "boolean", "default": True}}
    assert result_schema(v2["post"], "data") == {"type": "object", "additionalProperties": {"type": "string"}}


def test_a_verb_openapi_has_no_place_for_is_left_out():
    entry = WhitelistedMethod(typed_methods.search, True, ("GET", "BREW"), False, f"{TYPED}.search")
    assert set(method_path_item(f"/api/method/{TYPED}.search", entry)) == {"get"}


def test_the_path_item_is_built_from_the_path_template_and_path_parameters():
    entry = whitelisted_paths()[f"{TYPED}.search"]
    name = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
    item = method_path_item("/api/v2/document/Note/{name}/method/search", entry, [name], version=2)
    assert item["get"]["operationId"] == "api_v2_document_Note_name_method_search_get"
    assert item["get"]["parameters"][0] == name and item["get"]["parameters"][1]["name"] == "query"
