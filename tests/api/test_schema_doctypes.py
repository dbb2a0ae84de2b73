"""Doctype paths in /api/schema/: what a document is, what a create needs and what an update may send,
from the model's fields (links, choices, required, read-only, lengths, numbers and dates)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, superuser):
    client.force_login(superuser)
    return client.get("/api/schema/").json()


@pytest.fixture
def components(schema):
    return schema["components"]["schemas"]


def request_body(operation: dict) -> dict:
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/json", "application/x-www-form-urlencoded"}
    return content["application/json"]["schema"]


def test_create_and_update_have_request_bodies_from_the_fields(schema):
    for prefix in ("/api/resource/Article", "/api/v2/document/Article"):
        assert request_body(schema["paths"][prefix]["post"]) == {"$ref": "#/components/schemas/ArticleRequest"}
    # PUT (and v2's PATCH) change the fields given: nothing is required.
    assert request_body(schema["paths"]["/api/resource/Article/{name}"]["put"]) == {
        "$ref": "#/components/schemas/PatchedArticleRequest"}
    assert request_body(schema["paths"]["/api/v2/document/Article/{name}"]["patch"]) == {
        "$ref": "#/components/schemas/PatchedArticleRequest"}


def test_required_fields_are_the_not_null_not_blank_ones_without_a_default(components):
    assert sorted(components["ArticleRequest"]["required"]) == ["slug", "title"]
    assert "required" not in components["PatchedArticleRequest"]
    assert components["NoteRequest"]["required"] == ["title"]


def test_read_only_fields_are_marked_and_not_sent(components):
    article = components["Article"]["properties"]
    for field in ("name", "owner", "modified_by", "creation", "modified"):
        assert article[field]["readOnly"] is True, field
        assert field not in components["ArticleRequest"]["properties"]
    assert "readOnly" not in article["title"]


def test_choices_are_an_enum(components):
    assert components["Article"]["properties"]["status"] == {"$ref": "#/components/schemas/StatusEnum"}
    assert components["StatusEnum"] == {"enum": ["draft", "review", "done"], "type": "string"}


def test_a_link_is_the_linked_documents_name_and_names_its_doctype(components):
    for name in ("Article", "ArticleRequest"):
        category = components[name]["properties"]["category"]
        assert category["type"] == ["string", "null"]
        assert category["x-frappe-link"] == "Category" and "Category" in category["description"]


def test_lengths_numbers_and_dates(components):
    request = components["ArticleRequest"]["properties"]
    assert request["title"]["maxLength"] == 200 and request["slug"]["maxLength"] == 200
    # The integer range is the database's (SQLite: 64 bits, "int64"; PostgreSQL's integer: 32 bits).
    views = request["views"]
    assert views["type"] == "integer"
    assert (views["minimum"], views["maximum"], views.get("format")) in ((-2**63, 2**63 - 1, "int64"),
                                                                        (-2**31, 2**31 - 1, None))
    assert request["published_on"] == {"type": ["string", "null"], "format": "date"}
    article = components["Article"]["properties"]
    # Answers carry Frappe's wire formats (docs/api.md): decimals as numbers, datetimes without a "T".
    assert article["rating"]["type"] == ["number", "null"] and "format" not in article["rating"]
    assert "format" not in article["modified"] and " " in article["modified"]["pattern"]
