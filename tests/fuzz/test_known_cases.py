"""The inputs that found issue 10's defects, replayed on every run (the property tests may not draw them).

Each case names the item of issue 10 it found (1: a like pattern as a backtracking regex,
2: lone surrogates and bytes that are not UTF-8, 3: deep nesting, 4: a guest making the server
import a module)."""

from __future__ import annotations

import json

import pytest

from .probe import as_bytes, send

pytestmark = pytest.mark.django_db
LIKE_BLOWUP = "%_" * 20 + "%!"


@pytest.mark.parametrize("path", [
    pytest.param(f"/api/resource/Article?filters={json.dumps([['body', 'like', LIKE_BLOWUP]])}", id="like-api"),
    pytest.param(f"/Article?body={json.dumps(['like', LIKE_BLOWUP])}", id="like-list-page"),
    pytest.param("/Article?title=" + "[" * 1000, id="deep-list-page"),
    pytest.param("/api/resource/Article?filters=" + "[" * 1000, id="deep-api"),
    pytest.param("/api/method/rest_framework.authtoken.admin.TokenAdmin", id="import-module"),
])
def test_a_guest_get(client, site, path):
    send(client, "get", path)


@pytest.mark.parametrize(("method", "path", "body"), [
    pytest.param("post", "/api/resource/Note", '{"title": "\\ud800"}', id="create"),
    pytest.param("put", "/api/resource/Article/hello", '{"title": "\\udfff"}',
                 id="update"),
    pytest.param("post", "/api/resource/Note", '{"title": "' + "[" * 5 + '"}', id="brackets-in-text"),
])
def test_a_json_body(site, admin_api, method, path, body):
    send(admin_api, method, path, data=as_bytes(body), content_type="application/json")


@pytest.mark.parametrize("body", [
    pytest.param('{"usr": "\\ud800", "pwd": "x"}', id="surrogate"),
    pytest.param(b'{"usr": "\xed\xa0\x80", "pwd": "x"}', id="bad-utf8"),
])
def test_a_guest_login(client, body):
    send(client, "post", "/api/method/login", data=body if isinstance(body, bytes) else as_bytes(body),
         content_type="application/json")
