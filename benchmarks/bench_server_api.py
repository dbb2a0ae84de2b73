"""The REST list through gunicorn on PostgreSQL: ``/api/resource/Article`` against hand-written DRF.

100,000 published ``Article`` rows; ``GET /api/resource/Article?limit_page_length=20`` (ours,
the doctype's sort ``-published_on``) against a hand-written DRF (read-only) ``ModelViewSet``
with the same queryset order and a serializer of the same field, paged by
``LimitOffsetPagination`` (which runs a ``COUNT(*)`` per request), and the same viewset paging
without the count, as ours does: the viewsets of benchmarks/bench_api.py, which the in-process
benchmark measures too. The first page must be the same rows on every side.

Goal (issue #12): at least 0.8x of the DRF ceiling.
Run: ``make bench-server`` or ``make bench ARGS=server_api`` (PostgreSQL only).
"""

from __future__ import annotations

import json

from .server.compare import Target, Timing, alternate, check, fetch, summary, verdict
from .server.project import Project, run_shared

BACKENDS = ("postgres",)
ROWS = 100_000


def run(current: Project, timing: Timing, rows: int = ROWS) -> list[str]:
    current.seed("--articles", str(rows))
    servers = current.serve("ours", "django")
    ours, django = servers["ours"].url, servers["django"].url
    targets = [Target(f"ours: /api/resource/Article, {rows} rows", f"{ours}/api/resource/Article?limit_page_length=20"),
               Target("DRF ModelViewSet (COUNT)", f"{django}/articles/?limit=20"),
               Target("DRF ModelViewSet, no COUNT", f"{django}/articles-nocount/?limit=20")]
    pages = [json.loads(fetch(target.url)[2]) for target in targets]
    if not pages[0]["data"] == pages[1]["results"] == pages[2]["results"]:
        raise AssertionError(f"the sides list different rows: {pages[0]['data'][:3]} / {pages[1]['results'][:3]}")
    sizes = {target.label: check(target) for target in targets}
    results = alternate(targets, timing)
    return [*summary(results, sizes),
            verdict(results, targets[0].label, targets[1].label, 0.8),
            verdict(results, targets[0].label, targets[2].label, 0.8)]


def main() -> list[str]:
    return run_shared(run)


if __name__ == "__main__":
    main()
