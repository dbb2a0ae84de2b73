"""The short form of ``make load``: both app servers under the whole request mix, bounded.

Every call of the mix is answered 2xx/3xx by gunicorn and uvicorn alike; every create answered
has its rows and every row its answer; the workers are alive, their RSS is measured and printed.
"""

from __future__ import annotations

import json
import time

import psycopg
import pytest

from loadtest.mix import KINDS, Mix, prepare
from loadtest.report import as_text, compare_rows, first_errors, marked_rows, summarize
from loadtest.run import run_phase

pytestmark = [pytest.mark.load, pytest.mark.postgres, pytest.mark.redis]

REQUESTS = 1500
SECONDS = 45
THREADS = 6


def test_the_mix_on_gunicorn_and_uvicorn_answers_every_call_and_writes_every_row(site):
    mix = Mix(prepare(site.urls[0], site.token), f"T{int(time.time())}")
    rss_start = site.rss()
    outcomes, seconds = run_phase(site, mix, threads=THREADS, requests=REQUESTS, seconds=SECONDS)
    summary = summarize(outcomes, seconds)
    rows = compare_rows(outcomes, marked_rows(site.database_url, mix.run_id))
    rss_end = site.rss()
    print(as_text({"run_id": mix.run_id, "phases": {"short load": summary}, "rows": rows,
                   "rss_kb": {name: {pid: [("start", rss_start[name].get(pid, 0)), ("end", kb)]
                                     for pid, kb in workers.items()} for name, workers in rss_end.items()}}))

    assert summary["requests"] >= 300, summary  # a slow machine still sends a fair sample
    assert summary["errors"] == 0, json.dumps(first_errors(outcomes), indent=1)
    assert set(summary["by_kind"]) == set(KINDS)
    assert {url for url in summary["by_server"]} == set(site.urls)
    assert rows["ok"], rows
    assert rows["creates_answered"] == rows["rows"] > 0
    assert all(kb > 0 for workers in rss_end.values() for kb in workers.values())


def test_uvicorn_keeps_few_database_connections_under_load(site):
    """Django's persistent connections are per request context under ASGI: they must not pile up."""
    mix = Mix(prepare(site.urls[0], site.token), f"C{int(time.time())}")
    uvicorn = site.servers["uvicorn"]
    run_phase(site, mix, threads=THREADS, requests=400, seconds=30, servers=[uvicorn.url])
    with psycopg.connect(site.postgres.url(), autocommit=True) as conn:
        connections = conn.execute(
            "select count(*) from pg_stat_activity where datname = %s", [site.database_name]).fetchone()[0]
    workers = sum(len(site.workers(name)) for name in site.servers)
    assert connections <= workers + THREADS, f"{connections} connections to the site's database"
