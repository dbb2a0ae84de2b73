"""Jobs of a killed worker are marked failed, never left "started" for ever (django-tasks-db).

django-tasks-db marks a job ``RUNNING`` when a worker claims it and ``SUCCESSFUL`` or
``FAILED`` when it ends; a worker killed in between (SIGKILL, out of memory, the machine
lost) leaves the row ``RUNNING`` for ever. How a lost worker is told from a busy one:

* On PostgreSQL, the worker holds a session-level advisory lock named after the job while
  it runs it (taken on ``task_started``, released on ``task_finished``). PostgreSQL drops
  the lock when the worker's connection ends, so when the process dies, on any machine, its
  job's lock is free. A ``RUNNING`` job whose lock is free (and that started more than
  ``FRAPPE_WEB["JOB_RECOVERY_GRACE"]`` seconds ago: the claim commits just before the lock is
  taken) lost its worker.
* Elsewhere (SQLite: one machine, the demo) there is no such lock: ``manage.py recover_jobs
  --older-than SECONDS`` marks jobs running longer than that as lost.

A lost job is marked ``FAILED`` with :class:`WorkerLost` as its error (at most once: a job
half done may not be safe to run again), or put back in the queue with ``--requeue``.
Every worker looks for lost jobs when it starts a task, at most once a minute
(:data:`RECOVERY_INTERVAL`), and ``manage.py recover_jobs`` does it on demand (cron, deploys).
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus, task_finished, task_started
from django_tasks_db.models import DBTaskResult

from .settings import web_settings

logger = logging.getLogger("django_frappe_web.job_recovery")

# pg_advisory_lock(int, int): the first number keeps our locks apart from other users' ("JOBS").
LOCK_NAMESPACE = 0x4A4F4253
RECOVERY_INTERVAL = 60.0
_last_recovery: float | None = None


class WorkerLost(Exception):  # noqa: N818 - named after what happened, as Frappe's errors are
    """The worker running the job stopped (killed, out of memory, machine lost) before it ended."""


def _connection() -> Any:
    return connections[router.db_for_write(DBTaskResult)]


def _lock_key(result_id: Any) -> int:
    """A signed 32-bit number from the job's UUID (a collision only makes a lost job look alive)."""
    return (uuid.UUID(str(result_id)).int & 0xFFFFFFFF) - 2**31


def _uses_locks() -> bool:
    return _connection().vendor == "postgresql"


def hold_job_lock(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """``task_started``: hold the job's lock while it runs, then look for lost jobs now and then."""
    if not _is_database_job(task_result) or not _uses_locks():
        return
    with _connection().cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, _lock_key(task_result.id)])
    global _last_recovery
    if _last_recovery is None or time.monotonic() - _last_recovery >= RECOVERY_INTERVAL:
        _last_recovery = time.monotonic()
        try:
            recover_lost_jobs(exclude=task_result.id)
        except Exception:  # noqa: BLE001 - receivers' errors propagate: a failed look must not fail this job
            logger.exception("Looking for jobs of lost workers failed")


def release_job_lock(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """``task_finished``: the job is recorded as ended; its lock may go."""
    if not _is_database_job(task_result) or not _uses_locks():
        return
    with _connection().cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, _lock_key(task_result.id)])


def _is_database_job(task_result: Any) -> bool:
    return hasattr(task_result, "db_result")  # django-tasks-db's TaskResult


def recover_lost_jobs(*, older_than: float | None = None, requeue: bool = False, exclude: Any = None) -> list[str]:
    """Mark failed (or requeue) the running jobs whose worker is gone; returns their ids.

    On PostgreSQL a job is lost when its lock is free; ``older_than`` (seconds running) instead
    counts every job running that long as lost, on any database.
    """
    if older_than is None and not _uses_locks():
        return []
    grace = older_than if older_than is not None else web_settings.JOB_RECOVERY_GRACE
    candidates = DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - timedelta(seconds=grace))
    if exclude is not None:
        candidates = candidates.exclude(id=exclude)
    lost = []
    for result_id in candidates.values_list("id", flat=True):
        with transaction.atomic(using=candidates.db):
            # Locked so two recoveries (two workers) never both handle one job.
            row = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                id=result_id, status=TaskResultStatus.RUNNING).first()
            if row is None or (older_than is None and _lock_is_held(row.id)):
                continue
            _give_up(row, requeue)
        lost.append(str(result_id))
    return lost


def _lock_is_held(result_id: Any) -> bool:
    key = [LOCK_NAMESPACE, _lock_key(result_id)]
    with _connection().cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        if not cursor.fetchone()[0]:
            return True
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
    return False


def _give_up(row: DBTaskResult, requeue: bool) -> None:
    workers = ", ".join(row.worker_ids) or "unknown"
    if requeue:
        row.status, row.started_at = TaskResultStatus.READY, None
        row.save(update_fields=["status", "started_at"])
        logger.warning("Job %s lost its worker (%s): queued again", row.id, workers)
        return
    row.set_failed(WorkerLost(f"the worker running this job ({workers}) stopped before it ended"))
    logger.warning("Job %s lost its worker (%s): marked failed", row.id, workers)


def connect_handlers() -> None:
    """Called from ``AppConfig.ready()`` when django-tasks-db is installed."""
    task_started.connect(hold_job_lock, dispatch_uid="django_frappe_web.hold_job_lock")
    task_finished.connect(release_job_lock, dispatch_uid="django_frappe_web.release_job_lock")
