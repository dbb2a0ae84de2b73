"""The process harness (harness/): private PostgreSQL and Redis servers, and a process stopped or killed.

The live suites (tests/live, tests/fuzz, the fault tests, ``make load``) rely on these; here each
is checked once, quickly, on its own.
"""

from __future__ import annotations

import os
import sys

import psycopg
import pytest

from harness.postgres_server import AVAILABLE, PostgresServer
from harness.servers import Process
from tests.conftest import require
from tests.waiting import wait_until


@pytest.fixture
def postgres_server():
    require(AVAILABLE, "needs PostgreSQL 15's initdb and pg_ctl (/usr/lib/postgresql/15/bin)")
    with PostgresServer() as server:
        yield server


def test_a_private_postgres_cluster_survives_an_immediate_stop(postgres_server):
    url = postgres_server.create_database("site")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create table t (n int)")
        conn.execute("insert into t values (1)")

    postgres_server.stop(mode="immediate")
    assert not postgres_server.running
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)

    postgres_server.start()
    with psycopg.connect(url) as conn:
        assert conn.execute("select n from t").fetchall() == [(1,)]


def test_connections_terminated_on_the_server_are_counted_and_gone(postgres_server):
    url = postgres_server.create_database("site")
    with psycopg.connect(url, autocommit=True) as conn:
        assert postgres_server.terminate_connections("site") == 1
        with pytest.raises(psycopg.OperationalError):
            conn.execute("select 1")


def test_a_process_that_ignores_sigterm_is_killed_after_the_timeout(tmp_path):
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
    process = Process("stubborn", [sys.executable, "-c", code], env=dict(os.environ), log_path=tmp_path / "log",
                      cwd=tmp_path, grace=0.3)
    process.start()
    # SIGTERM is ignored from "up" on, not before
    wait_until(lambda: "up" in process.log_tail() or not process.running, 30, "up")
    assert process.running
    assert process.stop(timeout=0.5) == -9


def test_a_process_that_exits_at_once_is_reported_with_its_log(tmp_path):
    process = Process("broken", [sys.executable, "-c", "raise SystemExit('no settings')"], env=dict(os.environ),
                      log_path=tmp_path / "log", cwd=tmp_path, grace=5)
    with pytest.raises(RuntimeError, match="no settings"):
        process.start()
