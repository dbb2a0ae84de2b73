"""Real task workers for the job tests: ``manage.py db_worker`` and ``manage.py rqworker`` processes.

Each runs ``python -m django`` with the test settings against the test run's own database
(committed rows: the tests using them are transactional). A worker is its own process group,
so SIGKILL reaches RQ's work horse too. Every wait is bounded; :meth:`Worker.stop` always ends it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def worker_environment(**extra: str) -> dict[str, str]:
    """The environment of a worker: this run's test database, the test settings, no shared cache."""
    db = connection.settings_dict
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "FRAPPE_TEST_UNIQUE_DB", "PYTEST_CURRENT_TEST")}
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT), **extra)
    return env


class Worker:
    def __init__(self, args: list[str], log: Path, **env: str):
        self.args = [sys.executable, "-m", "django", *args]
        self.log = log
        self.env = worker_environment(**env)
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait(self, timeout: float = 30) -> int:
        """Wait for a worker that ends by itself (``--batch`` / ``--burst``); its exit code."""
        assert self.process is not None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"worker still running after {timeout} s:\n{self.output()}") from None

    def kill(self) -> None:
        """SIGKILL the worker and its children (RQ's work horse): no clean-up runs."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM (a worker finishes its job), SIGKILL after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> Worker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def db_worker(log: Path, *extra: str) -> Worker:
    return Worker(["db_worker", "--backend", "database", "--queue-name", "*", "--interval", "0.1",
                   "--no-startup-delay", "--no-reload", *extra], log)


def rq_worker(log: Path, redis_url: str, *extra: str) -> Worker:
    return Worker(["rqworker", "--job-class", "django_tasks_rq.Job", *extra, "short", "default", "long"], log,
                  FRAPPE_TEST_RQ_URL=redis_url)


def wait_until(condition: Callable[[], object], timeout: float, what: str, worker: Worker | None = None) -> object:
    """Poll ``condition`` every 50 ms until it is true, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not {what} after {timeout} s" + (f"; worker log:\n{worker.output()}" if worker else ""))
