"""Two real ``manage.py run_scheduler`` processes on one database enqueue each due event once.

The processes run the tests' settings (``tests/scheduler_live_settings.py``) on a database of
their own: a PostgreSQL database this test creates and drops when ``DATABASE_URL`` is set (the
PostgreSQL suite), otherwise a SQLite file. The schedulers enqueue onto the database backend
(django-tasks-db) and a real ``db_worker`` runs the jobs, each writing a Note titled after its
method, so the Notes count the enqueues. Each round makes every event due at once, so both
schedulers race for each.
The example project's own scheduled jobs (``example_project/demo/hooks.py``) get one real tick
and a worker too.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from django_frappe_web.scheduled_events import cron_for, next_run, read_scheduler_events
from harness.servers import Process
from harness.site import create_database, database_url, drop_database
from tests.testapp.hooks import scheduler_events

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
TICK = "0.05"
# The test app's events: the Note title each writes -> its cron string (SCHEDULER_INTERVAL's default for `all`).
EVENTS = {event.method.rsplit(".", 1)[1]: cron_for(event.frequency, event.cron_format, 240)
          for event in read_scheduler_events([("tests.testapp", scheduler_events)])}


class SharedDatabase:
    """The processes' database, and a plain DB-API connection to it for the test's own reads and writes."""

    def __init__(self, env: dict, connect, placeholder: str, naive_times: bool):
        self.env, self.connect, self.placeholder, self.naive_times = env, connect, placeholder, naive_times

    def execute(self, sql: str, *params) -> list:
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(sql.replace("?", self.placeholder), params)
            rows = cursor.fetchall() if cursor.description else []
            connection.commit()
            return rows
        finally:
            connection.close()

    def make_every_event_due(self) -> None:
        long_ago = datetime.now(UTC) - timedelta(days=40)
        value = long_ago.replace(tzinfo=None).isoformat(" ") if self.naive_times else long_ago
        self.execute("UPDATE django_frappe_web_scheduledjobtype SET last_enqueued = ?, creation = ?", value, value)

    def notes(self) -> Counter:
        return Counter(dict(self.execute("SELECT title, COUNT(*) FROM testapp_note GROUP BY title")))

    def live_jobs(self) -> int:
        return self.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')")[0][0]

    def users(self) -> set[str]:
        return {user for (user,) in self.execute("SELECT DISTINCT content FROM testapp_note")}


def django(env: dict, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "django", *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def shared_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.scheduler_live_settings", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)  # the scheduler uses no cache
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = tmp_path / "scheduler.sqlite3"
        env["SCHEDULER_SQLITE"] = str(path)
        django(env, "migrate", "-v0")
        yield SharedDatabase(env, lambda: sqlite3.connect(path, timeout=20), "?", naive_times=True)
        return
    import psycopg  # noqa: PLC0415 - the PostgreSQL suite only

    own_url = create_database(database_url("postgres", url))
    try:
        env["DATABASE_URL"] = own_url
        django(env, "migrate", "-v0")
        yield SharedDatabase(env, lambda: psycopg.connect(own_url), "%s", naive_times=False)
    finally:
        drop_database(own_url)

SCHEDULER = ["run_scheduler", "--tick", TICK]
WORKER = ["db_worker", "--backend", "database", "--queue-name", "*", "--interval", "0.1", "--no-startup-delay",
          "--no-reload"]


def start(env: dict, log: Path, command: list[str]) -> Process:
    return Process(command[0], [sys.executable, "-m", "django", *command], env=env, log_path=log, cwd=ROOT).launch()


def wait_for(condition, seconds: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n" + "\n".join(log.read_text()[-2000:] for log in logs))
        time.sleep(0.05)


def boundaries(cron: str, start: datetime, end: datetime) -> int:
    """How many times ``cron`` matches in (start, end]: each may legitimately enqueue the event again."""
    count, moment = 0, next_run(cron, start)
    while moment <= end:
        count, moment = count + 1, next_run(cron, moment)
    return count


def test_two_schedulers_enqueue_each_due_event_exactly_once(shared_database, tmp_path):
    logs = [tmp_path / "scheduler-a.log", tmp_path / "scheduler-b.log"]
    worker_log = tmp_path / "worker.log"
    # Before the schedulers start: each may enqueue at a cron boundary from its first tick on.
    started = datetime.now(UTC)
    processes = [start(shared_database.env, log, SCHEDULER) for log in logs]
    processes.append(start(shared_database.env, worker_log, WORKER))
    every_log = [*logs, worker_log]
    try:
        wait_for(lambda: all("scheduled events" in log.read_text() for log in logs), 30, "both schedulers", every_log)
        for round_number in range(1, ROUNDS + 1):
            shared_database.make_every_event_due()
            wait_for(lambda n=round_number: len(+shared_database.notes()) == len(EVENTS)
                     and min(shared_database.notes().values()) >= n, 30, f"round {round_number}", every_log)
            time.sleep(0.5)  # ten more ticks of each scheduler: time for a double enqueue to show
            # The next round's jobs are refused while these are live (one live job per method, as in Frappe).
            wait_for(lambda: shared_database.live_jobs() == 0, 15, "the worker to finish", every_log)
    finally:
        for process in processes:
            process.stop(timeout=15)  # SIGTERM: a scheduler ends its loop between two ticks
    finished = datetime.now(UTC)
    notes, unrun = shared_database.notes(), shared_database.live_jobs()
    for name in EVENTS:
        allowed = ROUNDS + boundaries(EVENTS[name], started, finished)
        assert ROUNDS <= notes[name] <= allowed, f"{name} ran {notes[name]} times in {ROUNDS} rounds"
    assert shared_database.users() == {"Administrator"}
    outputs = [log.read_text() for log in logs]
    enqueues = [output.count("\nenqueued ") for output in outputs]
    # Every enqueue ran (but one a cron boundary may have added as the processes stopped), and every
    # run was enqueued by one scheduler.
    assert sum(enqueues) == sum(notes.values()) + unrun
    assert all("scheduler: stopped" in output for output in outputs)  # SIGTERM ends the loop between two ticks
    assert all("database error" not in output for output in outputs)
    print(f"enqueues per scheduler: {enqueues}")


def test_the_example_projects_scheduled_jobs_run_from_one_tick(tmp_path):
    example = ROOT / "example_project"
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DEMO_DATABASE": str(database), "PYTHONPATH": os.pathsep.join([str(ROOT), str(example)]),
           "DJANGO_SETTINGS_MODULE": "example_project.settings"}
    for key in ("DATABASE_URL", "REDIS_URL"):
        env.pop(key, None)
    django(env, "migrate", "-v0", cwd=example)
    django(env, "run_scheduler", "--once", cwd=example)  # records the demo's events; none is due yet
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE django_frappe_web_scheduledjobtype SET last_enqueued = '2020-01-01 00:00:00'")
        # A cron boundary during the first tick may have queued an event; queued, it would be skipped below.
        connection.execute("DELETE FROM django_tasks_database_dbtaskresult")
    tick = django(env, "run_scheduler", "--once", cwd=example)
    assert "enqueued demo.tasks.log_site_stats (*/5 * * * *) on default" in tick.stdout
    assert "enqueued demo.tasks.delete_old_feedback (Daily) on default" in tick.stdout
    # The demo's jobs go to the database backend: a worker that stops when the queue is empty runs them.
    worker = django(env, "db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--no-reload", cwd=example)
    assert "0 published articles, 0 feedback messages" in worker.stderr  # log_site_stats ran and logged
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM django_frappe_web_scheduledjobtype "
                                  "WHERE last_execution IS NOT NULL").fetchone() == (2,)
