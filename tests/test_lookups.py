"""``like`` / ``not like`` compile to SQL ``LIKE ... ESCAPE`` (the ``frappe_like`` lookup), never to a regex.

A regex on SQLite runs in Python's ``re``, which backtracks without bound on a pattern such as
``%_%_%_...%!``: one guest request froze the site. These tests hold the SQL to ``LIKE`` and time
that pattern through every route that takes filters.
"""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_frappe_web.local import init
from django_frappe_web.lookups import like_pattern
from django_frappe_web.query import DatabaseQuery
from tests.testapp.models import Article

# 19 "%_" pairs then a "!" that no row has: an anchored regex tries every split of the text.
PATHOLOGICAL = "%_" * 19 + "%!"
# Long enough that the regex takes seconds (about 3x more per 2 characters); LIKE takes microseconds.
LONG_TEXT = "a" * 30
FAST = 2.0  # seconds; a regex on LONG_TEXT takes far longer


@pytest.mark.parametrize(
    "pattern, canonical",
    [
        ("abc", "abc"),
        ("%%abc%%", "%abc%"),
        ("h_llo", "h_llo"),
        (r"100\%", r"100\%"),
        (r"a\_b", r"a\_b"),
        (r"a\\b", r"a\\b"),
        (r"a\b", "ab"),  # an escaped ordinary character is itself
        ("ends with \\", r"ends with \\"),  # a trailing backslash is literal (PostgreSQL would refuse it)
        ("%_%_%", "%_%_%"),
        ("", ""),
    ],
)
def test_patterns_are_made_canonical(pattern, canonical):
    assert like_pattern(pattern) == canonical


def assert_like_sql(sql: str) -> None:
    """LIKE (ILIKE on PostgreSQL) with an ESCAPE clause; no REGEXP (SQLite, MySQL) nor ~* (PostgreSQL)."""
    upper = sql.upper()
    assert "LIKE " in upper and "ESCAPE '\\'" in upper, sql
    assert "REGEXP" not in upper and "~" not in sql, sql


def like_sql(filters) -> str:
    with init(user="Administrator"):
        return str(DatabaseQuery("Article").build(filters=filters).queryset.query)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ["a%b", "h_llo", "%x%", "x%", "%x", "x", PATHOLOGICAL])
def test_like_and_not_like_are_sql_like_with_an_escape_clause(pattern):
    for operator in ("like", "not like"):
        assert_like_sql(like_sql([["title", operator, pattern]]))


def rows(filters) -> list[str]:
    with init(user="Administrator"):
        return sorted(row["name"] for row in DatabaseQuery("Article").execute(filters=filters))


@pytest.fixture
def texts(db):
    values = {
        "plain": "Hello World",
        "percent": "100% sure",
        "under": "snake_case",
        "slash": "back\\slash",
        "lines": "first\nsecond",
        "digits": "a1b",
    }
    for slug, title in values.items():
        Article.objects.create(slug=slug, title=title, body="")
    return values


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("hello world", ["plain"]),
        ("HELLO%", ["plain"]),
        ("%o w%", ["plain"]),
        ("h_llo%", ["plain"]),
        ("%100\\%%", ["percent"]),
        ("%0_%", ["percent"]),  # "_" is any one character
        ("%e\\_c%", ["under"]),  # "\_" only the underscore
        ("%\\\\%", ["slash"]),  # "\\" one backslash
        ("back\\", []),  # a trailing backslash is literal, not an error
        ("first_second", ["lines"]),  # "_" and "%" match a newline too
        ("first%", ["lines"]),
        ("a_b", ["digits"]),
        ("%_%_%_%_%_%_%_%_%_%_%", ["lines", "plain", "slash", "under"]),  # at least 10 characters
    ],
)
def test_like_keeps_frappes_meaning(texts, pattern, expected):
    assert rows([["title", "like", pattern]]) == expected


@pytest.mark.django_db
def test_like_on_a_number_field_compares_its_text(texts):
    Article.objects.filter(slug="digits").update(views=1990)
    assert rows([["views", "like", "%99%"]]) == ["digits"]


@pytest.mark.django_db
def test_not_like_keeps_rows_whose_value_is_null(texts):
    Article.objects.filter(slug="plain").update(rating=None)
    Article.objects.exclude(slug="plain").update(rating=4)
    assert rows([["rating", "not like", "4%"]]) == ["plain"]


# -- the pathological pattern through every route that takes filters ----------------------


@pytest.fixture
def long_article(db):
    return Article.objects.create(slug="long", title=LONG_TEXT, body=LONG_TEXT, published=True)


def timed(call):
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return response, time.monotonic() - started, " ".join(q["sql"] for q in queries.captured_queries)


API_ROUTES = [
    ("/api/resource/Article", {"filters": json.dumps([["body", "like", PATHOLOGICAL]])}),
    ("/api/v2/document/Article", {"filters": json.dumps([["body", "like", PATHOLOGICAL]])}),
    ("/api/method/frappe.client.get_list",
     {"doctype": "Article", "filters": json.dumps([["body", "like", PATHOLOGICAL]])}),
    ("/api/method/frappe.client.get_count",
     {"doctype": "Article", "filters": json.dumps([["body", "not like", PATHOLOGICAL]])}),
]


@pytest.mark.parametrize("path, params", API_ROUTES, ids=[p for p, _ in API_ROUTES])
def test_a_pathological_pattern_answers_quickly_through_the_api(client, client_alice, long_article, path, params):
    # frappe.client.* need a login (as in Frappe); /api/resource and v2 serve guests this doctype.
    caller = client_alice if "frappe.client" in path else client
    response, elapsed, sql = timed(lambda: caller.get(path, params))
    assert response.status_code == 200, response.content[:500]
    assert elapsed < FAST, elapsed
    assert_like_sql(sql)
    body = response.json()
    assert body.get("data", body.get("message")) in ([], 1)


def test_a_pathological_pattern_answers_quickly_on_a_list_page(client, long_article):
    response, elapsed, sql = timed(lambda: client.get("/Article", {"title": json.dumps(["like", PATHOLOGICAL])}))
    assert response.status_code == 200
    assert elapsed < FAST, elapsed
    assert_like_sql(sql)
    assert LONG_TEXT not in response.content.decode()
    assert client.get("/Article", {"title": json.dumps(["like", "a%_a"])}).content.decode().count(LONG_TEXT) >= 1
