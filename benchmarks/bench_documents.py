"""Document, list and print pages with 100 and with 100,000 published documents.

Targets (issue 4, "Speed"): a document page is found by one indexed query and its time with
100,000 documents stays within 1.3x of the same page with 100; list and print pages issue the
same number of queries whatever the number of documents (the tests assert the counts; this
prints them at both sizes, with times for information).

The two sizes live in two databases side by side on the benchmark's backend (``default`` with
100 rows, ``large`` with 100,000), and a database router sends each request to one of them, so ``compare`` can
alternate the two sides round after round as the other benchmarks do. Requests run Django's
real middleware chain with the page cache off, as for a logged-in reader or a query string.
"""

from __future__ import annotations

import datetime

from .common import SizeRouter, analyze, compare, drop_database, explain, report, two_size_site
from .common import using as size

SMALL, LARGE = 100, 100_000
DOCUMENT = "/bench/000050"
LIST = "/Article?page=2"
PRINT = "/Article/bench-000050"

def make_rows(count: int) -> None:
    from tests.testapp.models import Article

    day = datetime.date(2024, 1, 1)
    Article.objects.bulk_create(
        # Explicit primary keys: equal in both databases even when an earlier benchmark of this
        # run used the table (SQLite's AUTOINCREMENT never reuses ids after a delete).
        (Article(pk=i + 1, title=f"Bench {i:06d}", slug=f"bench-{i:06d}", route=f"bench/{i:06d}", published=True,
                 published_on=day - datetime.timedelta(days=i % 3650), body="Body text " * 20)
         for i in range(count)),
        batch_size=5000,
    )


def queries_of(alias: str, fn) -> list[str]:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with size(alias), CaptureQueriesContext(connections[alias]) as captured:
        response = fn()
    assert response.status_code == 200, response.content[:500]
    return [query["sql"] for query in captured]


def forget_routes() -> None:
    """Empty this process's route memo, so the next document request looks its route up."""
    from django_frappe_web.website import documents

    documents._routes.entries.clear()


def route_query_plan(alias: str) -> str:
    """The database's plan for the document lookup by route: it must use the route index."""
    from tests.testapp.models import Article

    return explain(alias, Article.objects.filter(route="bench/000050", published=True))


def main() -> list[str]:
    handler, factory = two_size_site()
    from django.conf import settings
    from django.test import override_settings

    from tests.testapp.models import Article

    lines = []

    def get(path):
        return handler.get_response(factory.get(path))

    def on(alias, path, cold=False):
        def call():
            if cold:
                forget_routes()
            with size(alias):
                return get(path)
        return call

    bench_settings = {**settings.FRAPPE_WEB, "PAGE_CACHE_TIMEOUT": 0}
    with override_settings(DATABASE_ROUTERS=[SizeRouter()], FRAPPE_WEB=bench_settings):
        for alias, count in (("default", SMALL), ("large", LARGE)):
            with size(alias):
                Article.objects.all().delete()
                make_rows(count)
                analyze(alias)
                assert Article.objects.count() == count
        # The route memo holds (doctype, pk); bench/000050 has the same pk in both databases.
        assert len({Article.objects.using(a).get(route="bench/000050").pk for a in ("default", "large")}) == 1

        forget_routes()
        cold = queries_of("large", on("large", DOCUMENT))
        lookups = [sql for sql in cold if "\"testapp_article\".\"route\" = 'bench/000050'" in sql]
        plan = route_query_plan("large")
        assert len(lookups) == 1 and ("USING INDEX" in plan.upper() or "Index" in plan), (lookups, plan)
        line = f"document route lookup with {LARGE:,} documents: 1 query; plan: {plan}"
        print(line)
        lines.append(line)

        for path in (DOCUMENT, LIST, PRINT):
            counts = {}
            for alias in ("default", "large"):
                on(alias, path)()  # warm: site settings and the route memo, as on a running site
                counts[alias] = len(queries_of(alias, on(alias, path)))
            line = f"queries for {path}: {counts['default']} with {SMALL:,} documents, {counts['large']} with {LARGE:,}"
            assert counts["default"] == counts["large"], line
            print(line)
            lines.append(line)

        cases = [
            ("document page", DOCUMENT, False, 300, "time ratio <= 1.3"),
            ("document page, route looked up (memo emptied)", DOCUMENT, True, 200, "time ratio <= 1.3"),
            ("print page", PRINT, False, 200, "information: constant query count"),
            ("list page", LIST, False, 5, "information: constant query count"),
        ]
        for name, path, cold_memo, number, target in cases:
            ours, base, ratio = compare(on("large", path, cold_memo), on("default", path, cold_memo),
                                        number=number, rounds=11)
            lines.append(report(f"{name}, {LARGE:,} vs {SMALL} documents", ours, base, ratio, target))
        Article.objects.all().delete()  # leave ``default`` as the other benchmarks expect it
    drop_database("large")
    return lines


if __name__ == "__main__":
    main()
