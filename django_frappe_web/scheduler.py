"""The scheduler: apps' ``scheduler_events`` recorded as rows, and each due event enqueued once.

``manage.py run_scheduler`` calls :func:`sync_jobs` at start, then :func:`enqueue_due_jobs`
every tick. Any number of schedulers may run, on any number of machines, on one database: an
event is enqueued only by the scheduler whose compare-and-set of the row's ``last_enqueued``
succeeds (an ``UPDATE ... WHERE last_enqueued = <the value it read>``), in the same transaction
as the enqueue, so a due time is enqueued once, and not at all if the enqueue fails.

The next run is computed from the last enqueue (see :mod:`.scheduled_events`), so an event
missed while no scheduler ran is enqueued once when one starts, not once per missed period.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .app_hooks import get_hook_dicts
from .background_jobs import enqueue, run_job
from .local import init
from .models import ScheduledJobType
from .scheduled_events import ScheduledEvent, SchedulerEventsError, cron_for, next_run, queue_for, read_scheduler_events
from .settings import web_settings
from .users import ADMINISTRATOR

try:  # Django >= 6.0
    from django.tasks.backends.immediate import ImmediateBackend
except ImportError:  # Django 5.2 with the backport
    from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger("django_frappe_web.scheduler")

RUN_SCHEDULED_JOB = "django_frappe_web.scheduler.run_scheduled_job"


def declared_events() -> list[ScheduledEvent]:
    """Every event of the installed apps' ``scheduler_events`` hooks.

    Raises :class:`SchedulerEventsError` for a malformed hook (``manage.py check`` reports it too).
    """
    try:
        declared = get_hook_dicts("scheduler_events")
    except TypeError as exc:
        raise SchedulerEventsError(str(exc)) from exc
    return read_scheduler_events(declared)


def sync_jobs(events: list[ScheduledEvent] | None = None) -> list[ScheduledJobType]:
    """Make the rows match the hooks: a row for each declared event, none for an event no longer declared.

    Safe when several schedulers start at once: inserts that lose a race are ignored.
    An existing row keeps its ``last_enqueued``, so a restart never re-runs what already ran.
    """
    events = declared_events() if events is None else events
    wanted = {job_key(e): e for e in events}
    with transaction.atomic():
        ScheduledJobType.objects.bulk_create(
            [ScheduledJobType(method=e.method, frequency=e.frequency, cron_format=e.cron_format, app=e.app)
             for e in events], ignore_conflicts=True)
        rows = list(ScheduledJobType.objects.all())
        gone = [row.pk for row in rows if job_key(row) not in wanted]
        if gone:
            ScheduledJobType.objects.filter(pk__in=gone).delete()
    return [row for row in rows if row.pk not in gone]


def job_key(job: ScheduledJobType | ScheduledEvent) -> tuple[str, str, str]:
    """What tells one scheduled event from another, on a row or as declared in the hooks."""
    return job.method, job.frequency, job.cron_format


def job_cron(job: ScheduledJobType) -> str:
    return cron_for(job.frequency, job.cron_format, web_settings.SCHEDULER_INTERVAL)


def job_queue(job: ScheduledJobType) -> str:
    return queue_for(job.frequency)


def next_run_of(job: ScheduledJobType) -> datetime:
    """When ``job`` is next due: the cron's first match after its last enqueue (or its creation).

    Cron strings are read in the site's time zone, as ``crontab`` reads them in the machine's.
    """
    after = job.last_enqueued or job.creation or timezone.now()
    if settings.USE_TZ:
        after = timezone.localtime(after)
    return next_run(job_cron(job), after)


def is_due(job: ScheduledJobType, now: datetime | None = None) -> bool:
    return not job.stopped and next_run_of(job) <= (now or timezone.now())


def enqueue_due_jobs(now: datetime | None = None) -> list[ScheduledJobType]:
    """Enqueue every due event this scheduler wins the claim of; returns those it enqueued.

    An event whose enqueue is refused (say, a queue the backend does not have) is logged and
    stays due; the others are enqueued all the same. A database error ends the pass.
    """
    now = now or timezone.now()
    enqueued = []
    for job in ScheduledJobType.objects.filter(stopped=False):
        if not is_due(job, now):
            continue
        try:
            if claim_and_enqueue(job, now):
                enqueued.append(job)
        except DatabaseError:
            raise
        except Exception:
            logger.exception("scheduler: could not enqueue %s on the %r queue", job.method, job_queue(job))
    return enqueued


def claim_and_enqueue(job: ScheduledJobType, now: datetime) -> bool:
    """Move ``last_enqueued`` from the value read to ``now``, and enqueue if that moved it.

    The conditional UPDATE is the lock: on PostgreSQL a second scheduler's UPDATE waits for the
    first to commit, then finds the row changed and updates nothing; on SQLite the database's
    write lock orders them the same way. The enqueue joins the claim's transaction, so with a
    database task backend the job row commits with the claim, and an enqueue that raises rolls
    the claim back (the next tick tries again). Django's immediate backend runs the job inside
    ``enqueue()``: that happens after the claim commits, so a job never runs holding the row's
    lock (on SQLite, the whole database's), and a refused enqueue gives the claim back.

    As in Frappe, an event whose previous job is still queued or running is not enqueued again
    (``job_id`` with ``deduplicate``): the claim stands, so that due time is skipped, and False
    is returned.
    """
    previous = job.last_enqueued
    inline = isinstance(run_job.using(backend=web_settings.JOB_BACKEND).get_backend(), ImmediateBackend)
    with transaction.atomic():
        if not ScheduledJobType.objects.filter(pk=job.pk, last_enqueued=previous).update(last_enqueued=now):
            return False
        result = None if inline else _enqueue(job)
    if inline:
        try:
            result = _enqueue(job)
        except Exception:
            ScheduledJobType.objects.filter(pk=job.pk, last_enqueued=now).update(last_enqueued=previous)
            raise
    job.last_enqueued = now
    if result is None:
        logger.warning("scheduler: skipped %s: its previous job is still queued or running", job.method)
    return result is not None


def job_id_of(job: ScheduledJobType) -> str:
    """Frappe's job id of a scheduled event: one live job per method, whatever its schedules."""
    return f"scheduled_job::{job.method}"


def _enqueue(job: ScheduledJobType) -> Any:
    with init(user=ADMINISTRATOR):  # Frappe's scheduled jobs run as Administrator
        return enqueue(RUN_SCHEDULED_JOB, queue=job_queue(job), job_id=job_id_of(job), deduplicate=True,
                       job_type=job.method, scheduled_job_type=job.pk)


def run_scheduled_job(job_type: str, scheduled_job_type: int | None = None) -> Any:
    """The task of every scheduled event: note the start on its row, then call the hook's method."""
    if scheduled_job_type is not None:
        ScheduledJobType.objects.filter(pk=scheduled_job_type).update(last_execution=timezone.now())
    return import_string(job_type)()


def tick(report: Callable[[str], None] = logger.info) -> list[ScheduledJobType]:
    """One pass: enqueue what is due and report each, never raising for a database fault.

    A database that is down or restarting costs this tick only: the next one reconnects.
    """
    for connection in connections.all(initialized_only=True):
        # As close_old_connections, but never inside a transaction (a test's, or a caller's).
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
    try:
        enqueued = enqueue_due_jobs()
    except DatabaseError as exc:
        report(f"scheduler: database error, retrying next tick: {exc}")
        return []
    for job in enqueued:
        report(f"enqueued {job.method} ({job.cron_format or job.frequency}) on {job_queue(job)}")
    return enqueued
