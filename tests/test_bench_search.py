"""The site search benchmark, small (``make bench-search`` runs it on 100,000 documents): 1,000
documents, two repetitions, on the test database. No time is asserted; this proves it creates,
indexes and times every query, and that both searches find the same rare documents."""

from __future__ import annotations

import re

import pytest

from benchmarks import bench_search

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_search_benchmark_runs_small_and_reports_each_query():
    lines = bench_search.run(docs=1000, repeat=2)
    assert lines[0] == "1,000 articles created in " + lines[0].split(" in ")[1]
    assert lines[1].startswith("rebuild_search_index: 1,000 entries in ")
    timed = {line.split(" '")[0]: line for line in lines[2:-1]}
    assert list(timed) == list(bench_search.QUERIES)
    for line in timed.values():
        assert len(re.findall(r"median [\d.]+ ms, p95 [\d.]+ ms", line)) == 4  # full text, its index query, LIKE, German
    assert lines[-1].startswith("plan of the index query: ") and "@@" in lines[-1]  # 1,000 rows: a seq scan may win
    assert re.findall(r"\((\d+) results", timed["rare word"]) == ["10", "10", "10"]  # full text, LIKE, German
    assert re.findall(r"\((\d+) results", timed["no match"]) == ["0", "0", "0"]
