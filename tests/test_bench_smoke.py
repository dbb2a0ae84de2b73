"""The benchmarks through a real server run: each of benchmarks/bench_server_*.py for about a second.

One project on PostgreSQL + django-redis (the PostgreSQL suite only: the benchmarks compare on
that backend), every side's gunicorn started by the harness, wrk run once per target. No ratio
is asserted: a second on a shared machine measures nothing; this proves the project migrates
and seeds, every side serves what its benchmark checks before timing (status, same body, same
rows, the page cache hit or not), and wrk's output parses. ``make bench-server`` measures.
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from benchmarks import bench_server_api, bench_server_pages, bench_server_redirects
from benchmarks.server.compare import SMOKE
from benchmarks.server.project import project

pytestmark = [
    pytest.mark.bench_smoke,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(importlib.util.find_spec("wagtail") is None,
                       reason="needs the `bench` extra (pip install -e '.[bench]'; make bench does it)"),
    pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (apt-get install wrk)"),
]


def test_each_server_benchmark_runs_for_a_second_and_reports_its_ratios():
    with project("postgres") as current:
        # Everything seeded first, so the three share one start of each side's server.
        current.seed("--pages")
        current.seed("--redirects", "10")
        current.seed("--articles", "1000")
        pages = bench_server_pages.run(current, SMOKE)
        redirects = bench_server_redirects.run(current, SMOKE, sizes=(10,))
        api = bench_server_api.run(current, SMOKE, rows=1000)
        started = list(current.servers.values())
        assert started and all(server.running for server in started)
    assert not any(server.running for server in started)  # every gunicorn stopped on the way out
    for lines, comparisons in ((pages, 10), (redirects, 6), (api, 2)):
        assert sum("x (goal >= " in line for line in lines) == comparisons, lines
