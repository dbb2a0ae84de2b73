"""List page and API list with 1,000 and with 100,000 articles on PostgreSQL.

Targets (issue 12, section 5): flat scaling -- each request's time with 100,000 rows within 1.3x
of the same request with 1,000 -- and the same number of queries at both sizes.

The two sizes live in two databases side by side (``default`` with 1,000 rows, ``large`` with
100,000, each built once per run with ``bulk_create`` and analysed), and a database router sends
each request to one of them, so ``compare`` alternates the sizes round after round. Requests run
Django's real middleware chain as a guest, with the page cache off (as for a query string or a
logged-in reader). Articles are ordered by the nullable ``published_on`` (one in 47 NULL, a tenth
unpublished, independently), which the test model indexes as ``Index(fields=["-published_on", "-id"])``.

Where the NULL dates are the drafts (unpublished rows without a date), PostgreSQL puts them first
in that index and a guest's page must skip them all: such a site declares the index with the
published flag first (``Index(fields=["published", "-published_on", "-id"])``, docs/website.md).
"""

from __future__ import annotations

import datetime

from .common import SizeRouter, analyze, compare, drop_database, report, two_size_site, using

BACKENDS = ("postgres",)
SMALL, LARGE = 1_000, 100_000
REQUESTS = (
    ("list page", "/Article"),
    ("list page 2", "/Article?page=2"),
    ("API list", "/api/resource/Article?limit_page_length=20"),
    ("API list, second page with fields", '/api/resource/Article?limit_page_length=20&limit_start=20'
                                          '&fields=["name","title","views","published_on"]'),
)


def make_rows(count: int) -> None:
    from tests.testapp.models import Article

    day = datetime.date(2024, 1, 1)
    Article.objects.bulk_create(
        (Article(title=f"Scale {i:06d}", slug=f"scale-{i:06d}", route=f"scale/{i:06d}", published=i % 10 != 0,
                 published_on=None if i % 47 == 0 else day - datetime.timedelta(days=i % 3650), views=i)
         for i in range(count)),
        batch_size=5000,
    )


def queries_of(alias: str, call) -> int:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with using(alias), CaptureQueriesContext(connections[alias]) as captured:
        response = call()
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def main() -> list[str]:
    handler, factory = two_size_site()
    from django.conf import settings
    from django.test import override_settings

    from tests.testapp.models import Article

    lines = []

    def on(alias, path):
        def call():
            with using(alias):
                return handler.get_response(factory.get(path))
        return call

    try:
        with override_settings(DATABASE_ROUTERS=[SizeRouter()],
                               FRAPPE_WEB={**settings.FRAPPE_WEB, "PAGE_CACHE_TIMEOUT": 0}):
            for alias, count in (("default", SMALL), ("large", LARGE)):
                with using(alias):
                    Article.objects.all().delete()
                    make_rows(count)
                    analyze(alias)
            for name, path in REQUESTS:
                counts = {}
                for alias in ("default", "large"):
                    on(alias, path)()  # warm: site settings, routes, as on a running site
                    counts[alias] = queries_of(alias, on(alias, path))
                line = f"[postgres] queries for {name}: {counts['default']} with {SMALL:,} rows, {counts['large']} with {LARGE:,}"
                print(line)
                lines.append(line)
                assert counts["default"] == counts["large"], line
            for name, path in REQUESTS:
                ours, base, ratio = compare(on("large", path), on("default", path), number=40, rounds=9)
                lines.append(report(f"{name} ({path}), {LARGE:,} vs {SMALL:,} rows", ours, base, ratio,
                                    "time ratio <= 1.3"))
            with using("default"):
                Article.objects.all().delete()  # leave ``default`` as the other benchmarks expect it
    finally:
        drop_database("large")
    return lines


if __name__ == "__main__":
    main()
