"""Real task workers for the job tests: ``manage.py db_worker`` and ``manage.py rqworker`` processes.

Each runs ``python -m django`` with the test settings against the test run's own database
(committed rows: the tests using them are transactional). A worker is a
:class:`harness.servers.Process` in a process group of its own; :meth:`Worker.kill` also reaches
its descendants by pid (RQ's work horse runs in a session of its own). Every wait is bounded;
:meth:`Worker.stop` always ends it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection
from rq.worker import Worker as RQWorker

from harness.servers import ROOT, Process
from harness.site import postgres_url_of


def worker_environment(**extra: str) -> dict[str, str]:
    """The environment of a worker: this run's test database, the test settings, no shared cache."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "FRAPPE_TEST_UNIQUE_DB", "PYTEST_CURRENT_TEST")}
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = postgres_url_of(connection.settings_dict)
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT), **extra)
    return env


class Worker(Process):
    """A task worker: started without a readiness wait (the tests wait on their jobs' statuses)."""

    def __init__(self, args: list[str], log: Path, **env: str):
        super().__init__(args[0], [sys.executable, "-m", "django", *args], env=worker_environment(**env),
                         log_path=log, cwd=ROOT)

    def start(self) -> Worker:
        return self.launch()

    def wait(self, timeout: float = 60) -> int:
        """Wait for a worker that ends by itself (``--batch`` / ``--burst``); its exit code."""
        assert self.process is not None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"worker still running after {timeout} s:\n{self.output()}") from None

    def kill(self) -> None:
        """SIGKILL the worker and its children (RQ's work horse, in a session of its own): no clean-up runs."""
        assert self.process is not None
        for pid in [self.process.pid, *self.descendants()]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM (a worker finishes its job), SIGKILL to it and its children after ``timeout`` seconds."""
        if not self.running:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log_tail(chars=1_000_000)


def db_worker(log: Path, *extra: str) -> Worker:
    return Worker(["db_worker", "--skip-checks", "--backend", "database", "--queue-name", "*", "--interval", "0.1",
                   "--no-startup-delay", "--no-reload", *extra], log)


class PromptRQWorker(RQWorker):
    """rq's worker, whose command-channel (pub/sub) thread wakes every second instead of every 60 s.

    On exit (``--burst`` done, or SIGTERM) rq 3.0 joins that thread for 1 s and then closes its
    connection, which waits until the thread's read ends: up to 60 s with rq's own value, a
    hang the first versions of these tests met about once in five runs.
    """

    def subscribe(self) -> None:
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler)


def rq_worker(log: Path, redis_url: str, *extra: str) -> Worker:
    return Worker(["rqworker", "--skip-checks", "--job-class", "django_tasks_rq.Job",
                   "--worker-class", "tests.job_workers.PromptRQWorker", *extra, "short", "default", "long"], log,
                  FRAPPE_TEST_RQ_URL=redis_url)
