"""Hostile input through Django's test client: no request may answer 5xx or show a traceback (see probe.send).

Guests on the website (any path, list pages with filters, route-rule arguments, web form
POSTs) and on /api (method paths, login), and a superuser's API key on /api/resource,
/api/v2/document and frappe.client.* (so the input reaches the query layer, not just a 403),
including the document-level calls with each argument any JSON value.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.web_forms.conftest import ARTICLE_FIELDS

from .conftest import FUZZ_SETTINGS
from .probe import as_bytes, send
from .strategies import (
    FIELDNAMES,
    dumps,
    encode,
    json_text,
    json_values,
    nasty_text,
    path_segments,
    query_strings,
    query_values,
    website_paths,
)

pytestmark = pytest.mark.django_db


# --- the website, as a guest ----------------------------------------------------------------


@FUZZ_SETTINGS
@given(path=website_paths, query=query_strings)
def test_any_path_and_query_string(client, site, path, query):
    send(client, "get", f"{path}?{query}" if query else path)


@FUZZ_SETTINGS
@given(route=st.sampled_from(["/Article", "/kb/News", "/kb/"]), segment=path_segments, query=query_strings,
       field=st.sampled_from(FIELDNAMES), value=json_text)
def test_list_pages_with_filters_and_route_arguments(client, site, route, segment, query, field, value):
    route = route + segment if route.endswith("/") else route
    send(client, "get", f"{route}?{field}={encode(value)}&{query}")


@FUZZ_SETTINGS
@given(fields=st.lists(st.tuples(st.sampled_from(ARTICLE_FIELDS) | nasty_text, nasty_text), max_size=8))
def test_web_form_posts(client, site, article_form, fields):
    # Encoded by hand: a key given twice is sent twice, and text that is not UTF-8 arrives as such.
    body = "&".join(f"{encode(key)}={encode(value)}" for key, value in fields)
    send(client, "post", "/articles/new", data=body, content_type="application/x-www-form-urlencoded")


# --- /api -----------------------------------------------------------------------------------


@FUZZ_SETTINGS
@given(method=st.lists(nasty_text | st.sampled_from(["frappe", "client", "tests", "testapp", "api", "os", "django"]),
                       min_size=1, max_size=5).map(".".join), query=query_strings)
def test_method_paths_as_a_guest(client, method, query):
    send(client, "get", f"/api/method/{encode(method)}?{query}")


@FUZZ_SETTINGS
@given(body=json_text)
def test_login_bodies_as_a_guest(client, body):
    send(client, "post", "/api/method/login", data=as_bytes(body), content_type="application/json")


@FUZZ_SETTINGS
@given(endpoint=st.sampled_from(["/api/resource/Article", "/api/v2/document/Article", "/api/resource/Category",
                                 "/api/method/frappe.client.get_list?doctype=Article",
                                 "/api/method/frappe.client.get_count?doctype=Article",
                                 "/api/v2/doctype/Article/count"]),
       arguments=st.lists(st.tuples(st.sampled_from(["filters", "or_filters", "fields", "order_by", "group_by",
                                                     "limit", "limit_start", "limit_page_length", "start",
                                                     "as_dict", "debug"]), json_text.map(encode) | query_values),
                          max_size=4))
def test_list_arguments(site, admin_api, endpoint, arguments):
    query = "&".join(f"{key}={value}" for key, value in arguments)
    send(admin_api, "get", f"{endpoint}{'&' if '?' in endpoint else '?'}{query}")


@FUZZ_SETTINGS
@given(target=st.sampled_from([("post", "/api/resource/Note"), ("put", "/api/resource/Article/hello"),
                               ("post", "/api/v2/document/Category"), ("patch", "/api/v2/document/Article/hello"),
                               ("post", "/api/method/frappe.client.insert"),
                               ("post", "/api/method/frappe.client.set_value"),
                               ("post", "/api/method/frappe.client.get_list")]),
       body=json_text)
def test_json_bodies(site, admin_api, target, body):
    method, path = target
    send(admin_api, method, path, data=as_bytes(body), content_type="application/json")


# Document-level calls and the arguments they take: each argument gets any JSON value, the others
# stay sensible, so the value reaches the call's own checks (not just "missing argument").
DOCUMENT_CALLS = [
    ("post", "/api/method/run_doc_method", {"dt": "Article", "dn": "hello", "method": "headline", "args": {}}),
    ("post", "/api/method/frappe.client.submit", {"doc": {"doctype": "Article", "name": "hello"}}),
    ("post", "/api/method/frappe.client.cancel", {"doctype": "Article", "name": "hello"}),
    ("post", "/api/method/frappe.client.save", {"doc": {"doctype": "Article", "name": "hello", "title": "x"}}),
    ("post", "/api/method/frappe.client.bulk_update", {"docs": [{"doctype": "Article", "docname": "hello"}]}),
    ("post", "/api/method/frappe.client.validate_link", {"doctype": "Article", "docname": "hello", "fields": []}),
    ("post", "/api/method/frappe.client.has_permission", {"doctype": "Article", "docname": "hello",
                                                          "perm_type": "read"}),
    ("post", "/api/method/frappe.client.get_doc_permissions", {"doctype": "Article", "docname": "hello"}),
    ("post", "/api/method/frappe.client.attach_file", {"doctype": "Article", "docname": "hello",
                                                       "filename": "a.txt", "filedata": "aGk=", "docfield": "body"}),
    ("post", "/api/v2/document/Article/bulk_update", {"docs": [{"name": "hello", "title": "x"}]}),
    ("post", "/api/v2/document/Article/bulk_delete", {"names": ["hello"]}),
    ("post", "/api/v2/document/Category/News/method/article_count", {}),
]


@pytest.fixture
def media_root(settings, tmp_path):
    """attach_file's stored files go to a temporary folder (the database rows are rolled back by send)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@FUZZ_SETTINGS
@given(call=st.sampled_from(DOCUMENT_CALLS), data=st.data())
def test_document_calls_with_any_argument_value(site, admin_api, media_root, call, data):
    method, path, arguments = call
    if arguments:
        key = data.draw(st.sampled_from(sorted(arguments)))
        arguments = {**arguments, key: data.draw(json_values)}
    else:
        arguments = data.draw(st.dictionaries(st.sampled_from(FIELDNAMES), json_values, max_size=3))
    send(admin_api, method, path, data=as_bytes(dumps(arguments)), content_type="application/json")
