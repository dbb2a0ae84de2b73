"""Text that is not valid Unicode -- a lone surrogate (JSON's ``"\\ud800"``) -- and JSON nested too
deeply are refused once, where the request is decoded: 417 with Frappe's envelope on every route,
never PostgreSQL's UnicodeEncodeError as a 500, nothing saved. A NUL, which PostgreSQL cannot
store either, is refused where it would meet the database: never a 500 either."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db

# Each is sent as a JSON escape (what json.dumps writes), so only the server's JSON parser makes it.
BAD_TEXTS = {"lone high surrogate": "\ud800", "lone low surrogate": "x\udfffy"}
NUL = "a\x00b"
DEEP = "[" * 1000 + "]" * 1000


def refused(response, *, v2: bool = False) -> str:
    """The message of a 417 in the v1 (or v2) envelope, with no traceback."""
    assert response.status_code == 417, (response.status_code, response.content[:300])
    body = response.json()
    assert "exc" not in body and "Traceback" not in response.content.decode()
    if v2:
        return body["errors"][0]["message"]
    return body["exception"]


def expected_words(text: str) -> str:
    return "lone surrogate"


@pytest.fixture(params=list(BAD_TEXTS), ids=list(BAD_TEXTS))
def bad(request) -> str:
    return BAD_TEXTS[request.param]


# -- JSON bodies ------------------------------------------------------------------------------


def test_a_document_created_with_bad_text_is_417(admin_api, articles, db_snapshot, bad):
    before = db_snapshot()
    response = admin_api.post_json("/api/resource/Article", {"title": bad, "slug": "new"})
    assert expected_words(bad) in refused(response)
    assert db_snapshot() == before


def test_a_document_updated_with_bad_text_is_417(admin_api, articles, db_snapshot, bad):
    before = db_snapshot()
    assert expected_words(bad) in refused(admin_api.put_json("/api/resource/Article/a1", {"title": bad}))
    assert db_snapshot() == before


def test_v2_create_and_patch_with_bad_text_are_417(admin_api, articles, db_snapshot, bad):
    before = db_snapshot()
    created = admin_api.post_json("/api/v2/document/Article", {"title": "ok", "slug": "new", "body": bad})
    assert expected_words(bad) in refused(created, v2=True)
    patched = admin_api.patch("/api/v2/document/Article/a1", json.dumps({"body": bad}), content_type="application/json")
    assert expected_words(bad) in refused(patched, v2=True)
    assert db_snapshot() == before


def test_a_guest_login_with_bad_text_is_417(user, bad):
    for body in ({"usr": bad, "pwd": "pw"}, {"usr": "alice", "pwd": bad}):
        response = Client().post("/api/method/login", json.dumps(body), content_type="application/json")
        assert expected_words(bad) in refused(response)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "form"])
def test_a_guest_login_with_a_nul_in_the_username_is_a_failed_login(user, as_json):
    """PostgreSQL refuses NUL in a query: it was a DataError, a 500."""
    body = {"usr": "ali\x00ce", "pwd": "pw"}
    response = (Client().post("/api/method/login", json.dumps(body), content_type="application/json") if as_json
                else Client().post("/api/method/login", body))
    assert_frappe_error(response, 401, "AuthenticationError", "Invalid login credentials")


def test_bad_text_in_a_key_of_the_body_is_417_too(admin_api, articles):
    response = admin_api.post_json("/api/resource/Article", {"title": "ok", "slug": "new", bad_key(): 1})
    assert "lone surrogate" in refused(response)


def bad_key() -> str:
    return "ti\ud800tle"


def test_a_body_with_an_utf8_encoded_surrogate_is_417(admin_api, articles, db_snapshot):
    """``\\xed\\xa0\\x80`` is U+D800 encoded as if it were a character: not UTF-8 (json.loads would take it)."""
    before = db_snapshot()
    response = admin_api.post("/api/resource/Article", b'{"title": "\xed\xa0\x80", "slug": "raw"}',
                              content_type="application/json")
    assert "not valid UTF-8" in refused(response)
    assert db_snapshot() == before


def test_a_body_nested_too_deeply_is_417(admin_api, articles, db_snapshot):
    before = db_snapshot()
    for body in (DEEP, json.dumps({"title": json.loads("[" * 40 + "]" * 40), "slug": "deep"})):
        response = admin_api.post("/api/resource/Article", body, content_type="application/json")
        assert "nested too deeply" in refused(response)
    assert db_snapshot() == before


# -- JSON in arguments -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/resource/Article", "/api/v2/document/Article"])
def test_bad_text_in_guest_filters_is_417(client, articles, path, bad):
    response = client.get(path, {"filters": json.dumps([["title", "=", bad]])})
    assert expected_words(bad) in refused(response, v2="v2" in path)


@pytest.mark.parametrize("method, args", [
    ("frappe.client.get_list", {"doctype": "Article", "filters": json.dumps({"title": "BAD"})}),
    ("frappe.client.get_count", {"doctype": "Article", "filters": json.dumps([["title", "like", "BAD"]])}),
    ("frappe.client.get_value", {"doctype": "Article", "filters": json.dumps({"title": "BAD"}),
                                 "fieldname": "title"}),
    ("frappe.client.insert", {"doc": json.dumps({"doctype": "Article", "title": "BAD", "slug": "new"})}),
    ("frappe.client.set_value", {"doctype": "Article", "name": "a1", "fieldname": json.dumps({"title": "BAD"})}),
    ("frappe.client.insert_many", {"docs": json.dumps([{"doctype": "Article", "title": "BAD", "slug": "new"}])}),
])
def test_bad_text_in_frappe_client_arguments_is_417(admin_api, articles, db_snapshot, method, args, bad):
    before = db_snapshot()
    encoded = json.dumps(bad)[1:-1]  # the JSON escape, e.g. \ud800
    args = {key: value.replace("BAD", encoded) for key, value in args.items()}
    assert expected_words(bad) in refused(admin_api.post(f"/api/method/{method}", args))
    assert db_snapshot() == before


@pytest.mark.parametrize("path", ["/api/resource/Article", "/api/v2/document/Article"])
def test_deep_filters_are_417(client, articles, path):
    assert "nested too deeply" in refused(client.get(path, {"filters": DEEP}), v2="v2" in path)


# -- query strings ----------------------------------------------------------------------------


def test_invalid_utf8_in_a_query_string_becomes_replacement_characters(client, articles):
    """Django (like werkzeug for Frappe) decodes a query string with U+FFFD for bytes that are not UTF-8."""
    for encoded in ("%ED%A0%80", "%FF", "%C0%AE"):
        filters = '[["title","like","%25' + encoded + '%25"]]'
        response = client.get(f"/api/resource/Article?filters={filters}")
        assert response.status_code == 200 and response.json() == {"data": []}


NUL_ROUTES = [
    ("post", "/api/resource/Article", {"title": NUL, "slug": "new"}),
    ("put", "/api/resource/Article/a1", {"title": NUL}),
    ("post", "/api/v2/document/Article", {"title": NUL, "slug": "new"}),
    ("get", "/api/resource/Article", {"filters": json.dumps([["title", "like", NUL]])}),
    ("post", "/api/method/frappe.client.insert", {"doc": json.dumps({"doctype": "Article", "title": NUL, "slug": "n"})}),
    ("post", "/api/method/frappe.client.set_value",
     {"doctype": "Article", "name": "a1", "fieldname": "title", "value": NUL}),
    ("post", "/api/method/frappe.client.get_list", {"doctype": "Article", "filters": json.dumps({"title": NUL})}),
]


@pytest.mark.parametrize("method, path, data", NUL_ROUTES, ids=[f"{m} {p}" for m, p, _ in NUL_ROUTES])
def test_a_nul_is_refused_where_it_meets_the_database(admin_api, articles, db_snapshot, method, path, data):
    before = db_snapshot()
    if method in ("post", "put") and not path.startswith("/api/method/"):
        response = getattr(admin_api, f"{method}_json")(path, data)
    else:
        response = getattr(admin_api, method)(path, data)
    assert "NUL" in refused(response, v2="v2" in path)
    assert db_snapshot() == before

