"""The API list reads its page from the index a Django user declares for the doctype's order.

Article is ordered by ``-published_on`` (nullable) with the primary key as the tiebreak, and
declares ``Index(fields=["-published_on", "-id"])``. PostgreSQL builds that index as ``DESC`` with
its default ``NULLS FIRST``; an ``ORDER BY ... DESC NULLS LAST`` cannot be read from it, so the
database would read and sort the whole table for every page (issue 12: 10 requests/s on 100,000
rows). The list must order as ``order_by("-published_on", "-id")`` does.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.testapp.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROWS = 5_000


@pytest.fixture
def many_articles(db):
    start = datetime.date(2000, 1, 1)
    Article.objects.bulk_create(
        Article(title=f"Article {i}", slug=f"article-{i}", published=True, views=i,
                # Some NULLs, as a real table of drafts-turned-published would have.
                published_on=None if i % 50 == 0 else start + datetime.timedelta(days=i % 3000))
        for i in range(ROWS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE testapp_article")


def list_query(client, **params) -> str:
    """The SQL of the one query that reads the rows of ``GET /api/resource/Article``."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/resource/Article", {"limit_page_length": "20", **params})
    assert response.status_code == 200, response.content[:500]
    reads = [query["sql"] for query in captured if 'FROM "testapp_article"' in query["sql"]]
    assert len(reads) == 1, reads
    return reads[0]


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_default_order_reads_the_declared_index_without_sorting(client, many_articles):
    query_plan = plan(list_query(client))
    assert "Index Scan using article_published_desc" in query_plan, query_plan
    assert "Sort" not in query_plan, query_plan


def test_an_explicit_descending_order_on_the_indexed_field_reads_the_index(client, many_articles):
    query_plan = plan(list_query(client, order_by="published_on desc"))
    assert "Index Scan using article_published_desc" in query_plan, query_plan
    assert "Sort" not in query_plan, query_plan


def test_the_ascending_order_reads_the_same_index_backwards(client, many_articles):
    query_plan = plan(list_query(client, order_by="published_on asc"))
    assert "Index Scan Backward using article_published_desc" in query_plan, query_plan
    assert "Sort" not in query_plan, query_plan


def test_the_page_is_the_one_django_orders(client, many_articles):
    response = client.get("/api/resource/Article", {"limit_page_length": "20"})
    expected = list(Article.objects.filter(published=True).order_by("-published_on", "-id")
                    .values_list("slug", flat=True)[:20])
    assert [row["name"] for row in response.json()["data"]] == expected
    # PostgreSQL sorts NULLs as larger than any value: first when descending, as Django does.
    assert Article.objects.get(slug=expected[0]).published_on is None
