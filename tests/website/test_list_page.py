"""List pages: ``/<DocType>`` and the doctype's ``list_route``, published documents only, newest
first, 20 a page; filters from query arguments and route rules, ``txt`` search, templates, who may
see them, a constant number of queries, and bad input as clear 404/417 pages.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.website.doc_pages import *  # noqa: F403 - fixtures and helpers
from tests.website.doc_pages import (
    ROLES,
    Category,
    bulk_articles,
    doctype_options,
    main,
    make_article,
    message,
    no_page_cache,
    templates_with_dir,
    text,
    write_template,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """The row titles of the generic list, in order."""
    assert response.status_code == 200, text(response)[:2000]
    return re.findall(r'<tr><td><a href="[^"]*">([^<]*)</a></td>', text(response))


def links(response) -> list[str]:
    return re.findall(r'<tr><td><a href="([^"]*)">', text(response))


# --- the list ------------------------------------------------------------------------------


def test_doctype_name_is_a_list_of_published_documents_newest_first(client):
    make_article("old", title="Old", days_ago=10)
    make_article("new", title="New", days_ago=0)
    make_article("middle", title="Middle", days_ago=5)
    make_article("draft", title="Draft", published=False)
    response = client.get("/Article")
    assert titles(response) == ["New", "Middle", "Old"]
    assert "<h1>Articles</h1>" in main(response)
    assert links(response) == ["/articles/new", "/articles/middle", "/articles/old"]


def test_columns_are_the_list_fields_besides_the_title(client, news):
    make_article("one", title="One", category=news, status="done")
    with doctype_options(list_fields=["title", "published_on", "category", "status"]):
        response = client.get("/Article")
    body = main(response)
    assert "<th>Article</th><th>Published on</th><th>Category</th><th>Status</th>" in body
    assert "<td>June 1, 2024</td><td>News</td><td>Done</td>" in body  # link by name, choice by label


def test_a_document_without_a_route_links_to_its_print_view(client):
    make_article("no-route", title="No route", route="")
    assert links(client.get("/Article")) == ["/Article/no-route"]


def test_list_route_serves_the_list_too(client):
    make_article("one", title="One")
    with doctype_options(list_route="/news/"):
        assert titles(client.get("/news")) == ["One"]
        assert titles(client.get("/Article")) == ["One"]
    assert client.get("/news").status_code == 404


def test_twenty_a_page_with_page_and_limit_start(client):
    bulk_articles(45)
    first = client.get("/Article")
    assert titles(first) == [f"Bulk {i:03d}" for i in range(20)]
    assert '<span class="page-number">Page 1</span>' in text(first)  # no total: the page never counts
    assert 'rel="next" href="/Article?page=2"' in text(first)
    assert 'rel="prev"' not in text(first)
    second = client.get("/Article?page=2")
    assert titles(second)[0] == "Bulk 020"
    assert 'rel="prev" href="/Article"' in text(second) and 'rel="next" href="/Article?page=3"' in text(second)
    last = client.get("/Article?page=3")
    assert titles(last) == [f"Bulk {i:03d}" for i in range(40, 45)]
    assert 'rel="next"' not in text(last)
    by_offset = client.get("/Article?limit_start=5")
    assert titles(by_offset)[0] == "Bulk 005" and len(titles(by_offset)) == 20
    assert 'rel="next" href="/Article?limit_start=25"' in text(by_offset)
    assert 'rel="prev" href="/Article?limit_start=0"' in text(by_offset)


def test_pagination_links_keep_the_filters(client):
    bulk_articles(25, status="done")
    response = client.get("/Article?status=done&txt=bulk")
    assert 'rel="next" href="/Article?status=done&amp;txt=bulk&amp;page=2"' in text(response)


def test_empty_list(client):
    response = client.get("/Article")
    assert titles(response) == []
    assert "No articles found." in main(response)


# --- filters and search --------------------------------------------------------------------


def test_query_arguments_filter_on_real_fields(client, news):
    make_article("a", title="A", status="done", views=5, category=news)
    make_article("b", title="B", status="draft", views=50, days_ago=1)
    make_article("c", title="C", status="done", views=500, days_ago=2)
    assert titles(client.get("/Article?status=done")) == ["A", "C"]
    assert titles(client.get("/Article?category=News")) == ["A"]  # a link filters by the linked name
    assert titles(client.get('/Article?views=[">", 10]')) == ["B", "C"]  # Frappe's [operator, value]
    assert titles(client.get('/Article?status=done&views=["<", 100]')) == ["A"]
    assert titles(client.get("/Article?status=")) == ["A", "B", "C"]  # an empty value is no filter
    assert "Filtered by status = “done”" in text(client.get("/Article?status=done"))


def test_unpublished_documents_stay_out_whatever_the_filters(client):
    make_article("draft", title="Draft", published=False)
    assert titles(client.get("/Article?published=0")) == []
    assert titles(client.get("/Article?slug=draft")) == []


def test_tracking_arguments_are_not_filters(client):
    make_article("a", title="A")
    assert titles(client.get("/Article?utm_source=mail&utm_campaign=x&fbclid=1&gclid=2")) == ["A"]


def test_txt_searches_the_search_fields_literally(client):
    make_article("a", title="Django tips", body="about 100% coverage")
    make_article("b", title="Frappe tricks", body="django inside", days_ago=1)
    make_article("c", title="Under_score", days_ago=2)
    assert titles(client.get("/Article?txt=django")) == ["Django tips"]  # title only by default
    assert titles(client.get("/Article?txt=DJANGO")) == ["Django tips"]
    assert titles(client.get("/Article?txt=_")) == ["Under_score"]  # not a wildcard
    assert titles(client.get("/Article?txt=%25")) == []
    with doctype_options(search_fields=["title", "body"]):
        assert titles(client.get("/Article?txt=django")) == ["Django tips", "Frappe tricks"]
        assert titles(client.get("/Article?txt=100%25")) == ["Django tips"]
    assert 'value="django"' in text(client.get("/Article?txt=django"))


def test_route_rule_filters_the_list_through_form_dict(client):
    guides = Category.objects.create(name="Guides")
    make_article("a", title="A guide", category=guides)
    make_article("b", title="Not a guide")
    rules = [{"from_route": "/kb/<category>", "to_route": "Article"}]
    with override_settings(FRAPPE_WEB={"WEBSITE_ROUTE_RULES": rules}):
        response = client.get("/kb/Guides")
        assert titles(response) == ["A guide"]
        assert "X-From-Cache" not in response  # route-rule pages are never cached
        assert titles(client.get("/kb/Nothing")) == []


# --- templates -----------------------------------------------------------------------------


def test_project_list_template_is_used_when_it_exists(client, tmp_path):
    write_template(tmp_path, "testapp/article_list.html",
                   '{% extends "frappe_web/base.html" %}{% block content %}'
                   "{% for row in rows %}[{{ row.title }}|{{ row.url }}|{{ row.fields.published_on }}]{% endfor %}"
                   "{{ pagination.total }} {{ doctype.name }}{% endblock %}")
    make_article("a", title="A")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)):
        response = client.get("/Article")
    assert main(response) == "[A|/articles/a|June 1, 2024]1 Article"


def test_values_are_escaped(client):
    make_article("x", title="<script>alert(1)</script>")
    response = client.get("/Article?txt=<b>")
    assert "<script>alert" not in text(response) and "<b>" not in main(response)
    response = client.get("/Article")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text(response)


# --- who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_guest_viewable_list_is_seen_by_everyone_published_only(client_as, role):
    make_article("live", title="Live")
    make_article("draft", title="Draft", published=False)
    assert titles(client_as(role).get("/Article")) == ["Live"]


@pytest.mark.parametrize(("role", "status"), [("guest", 403), ("user", 403), ("viewer", 200), ("superuser", 200)])
def test_list_of_a_doctype_without_guest_view_needs_the_view_permission(client_as, role, status):
    make_article("live", title="Live")
    with doctype_options(allow_guest_to_view=False):
        response = client_as(role).get("/Article")
    assert response.status_code == status
    assert ("Live" in text(response)) is (status == 200)
    assert ("/login?redirect-to=" in text(response)) is (role == "guest")  # the login link is for guests


@pytest.mark.parametrize("path", ["/Note", "/Nope", "/article", "/Web%20Page/x/y"])
def test_doctypes_without_a_web_view_and_unknown_names_have_no_list(client, path):
    assert client.get(path).status_code == 404


# --- queries and caching -------------------------------------------------------------------


def captured_list_queries(client, path: str) -> list[str]:
    with no_page_cache():
        client.get(path)  # site settings memoised
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
    return [query["sql"] for query in queries]


def list_queries(client, path: str) -> int:
    return len(captured_list_queries(client, path))


def test_a_list_page_is_one_query_whatever_the_number_of_documents_or_fields(client, news):
    bulk_articles(3, category=news)
    few = list_queries(client, "/Article")
    bulk_articles(60, prefix="more", category=news)
    with doctype_options(list_fields=["title", "published_on", "category", "status", "views", "rating", "body"]):
        many = list_queries(client, "/Article?category=News&txt=e&page=2")
    assert few == many == 1  # one page of rows, links joined


def test_a_list_page_reads_one_row_more_than_the_page_and_never_counts(client):
    bulk_articles(45)
    (sql,) = captured_list_queries(client, "/Article?page=2")
    assert "COUNT(" not in sql.upper()
    assert re.search(r"LIMIT 21 OFFSET 20\b", sql), sql
    # The published condition once: not once for the guest's permission and again for the list.
    assert len(re.findall(r'"testapp_article"\."published"', sql)) == 1, sql


def test_a_project_template_showing_the_total_counts_only_when_it_reads_it(client, tmp_path):
    bulk_articles(45)
    write_template(tmp_path, "testapp/article_list.html",
                   '{% extends "frappe_web/base.html" %}{% block content %}'
                   "[{{ pagination.number }} of {{ pagination.page_count }} ({{ pagination.total }})]{% endblock %}")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)):
        assert main(client.get("/Article?page=2")) == "[2 of 3 (45)]"
        assert list_queries(client, "/Article?page=2") == 2  # the page, then the count the template asked for
        assert list_queries(client, "/Article?page=3") == 1  # the last page knows its total
        assert main(client.get("/Article?page=3")) == "[3 of 3 (45)]"


def test_a_list_page_for_a_logged_in_reader_is_constant_too(client_as):
    client = client_as("viewer")
    bulk_articles(3)
    few = list_queries(client, "/Article")
    bulk_articles(40, prefix="more")
    assert list_queries(client, "/Article?page=2") == few


def test_guest_list_page_is_cached_until_a_document_changes(client, commit):
    with commit():
        make_article("a", title="A")
    assert client.get("/Article")["X-From-Cache"] == "False"
    assert client.get("/Article")["X-From-Cache"] == "True"
    assert "X-From-Cache" not in client.get("/Article?page=1")  # a query string is never cached
    with commit():
        make_article("b", title="B")
    response = client.get("/Article")
    assert response["X-From-Cache"] == "False"
    assert titles(response) == ["B", "A"]  # same day: the newer row first (primary-key tiebreak)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "status", "expected"), [
    ("nope=1", 417, 'Field &quot;nope&quot; is not a field of DocType Article'),
    ("doctype=Note", 417, 'Field &quot;doctype&quot; is not a field of DocType Article'),
    ("views=abc", 417, "Invalid value &#x27;abc&#x27; for field views"),
    ('views=["drop table", 1]', 417, "is not supported"),
    ('views=[">"', 417, "Invalid value"),  # not JSON after all: a plain (bad) value
    ("page=-1", 417, "page must be a whole number from 1"),
    ("page=0", 417, "page must be a whole number from 1"),
    ("page=abc", 417, "page must be a whole number from 1"),
    ("page=1.5", 417, "page must be a whole number from 1"),
    ("page=1000000000", 404, "Page 1000000000 is past the end of Articles: 1 found, 1 page."),
    ("page=2", 404, "Page 2 is past the end of Articles"),
    ("limit_start=-5", 417, "limit_start must be a whole number"),
    ("limit_start=abc", 417, "limit_start must be a whole number"),
    ("limit_start=1000", 404, "limit_start 1000 is past the end of Articles"),
    ("txt=" + "x" * 5000, 417, "The search text is too long"),
    # Refused where the request is decoded: never a RecursionError or PostgreSQL's UnicodeEncodeError.
    ("title=" + "[" * 1000, 417, "A filter is nested too deeply"),
    ("title=" + "[" * 1000 + "]" * 1000, 417, "A filter is nested too deeply"),
    ('title=["=", "\\ud800"]', 417, "lone surrogate"),
    ('title=["like", "%\\u0000%"]', 417, "Value for field title must not contain NUL characters"),
    ("title=a%00b", 417, "Value for field title must not contain NUL characters"),
])
def test_bad_list_arguments_are_clear_pages_not_500(client, query, status, expected):
    make_article("a", title="A")
    response = client.get(f"/Article?{query}")
    assert response.status_code == status
    assert expected in message(response)
    assert "Traceback" not in text(response)


def test_text_that_is_not_utf8_in_a_filter_is_read_with_replacement_characters(client):
    make_article("a", title="A")
    for encoded in ("%ED%A0%80", "%FF"):
        assert titles(client.get(f'/Article?title=["like","%25{encoded}%25"]')) == []


def test_malformed_arguments_are_refused_before_any_query(client):
    with no_page_cache():
        client.get("/Article")  # site settings and the redirect table memoised
        with CaptureQueriesContext(connection) as queries:
            for query in ("page=abc", "limit_start=-1", "txt=" + "x" * 300):
                assert client.get(f"/Article?{query}").status_code == 417
    assert len(queries) == 0


def test_hidden_fields_cannot_be_filtered(client):
    make_article("a", title="A", body="secret body")
    with doctype_options(exclude=["body"]):
        response = client.get("/Article?body=secret body")
    assert response.status_code == 417
    assert 'Field &quot;body&quot; is not a field of DocType Article' in message(response)


def test_filter_values_with_quotes_and_sql_are_just_values(client):
    make_article("a", title="A")
    for value in ["' OR 1=1 --", '"; DROP TABLE testapp_article; --', "x" * 5000]:
        response = client.get("/Article", {"title": value})
        assert titles(response) == []
    assert titles(client.get("/Article")) == ["A"]
