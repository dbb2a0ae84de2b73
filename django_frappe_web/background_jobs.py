"""``frappe.enqueue`` on Django's Tasks framework, with Frappe's queues, job ids and statuses.

Django 6 ships ``django.tasks``; on Django 5.2 the ``django-tasks`` backport provides the
same API. Every job is the one task :func:`run_job`, which calls the method inside
``frappe.init(user=...)`` so ``frappe.session.user`` is the user who enqueued it. Which
backend runs it is ``FRAPPE_WEB["JOB_BACKEND"]`` (an alias of ``TASKS``): the database
backend of ``django-tasks-db`` (``manage.py db_worker``) or RQ through
:mod:`django_frappe_web.rq_backend` in production, Django's immediate backend by default.

A Frappe ``job_id`` names a :class:`~django_frappe_web.models.BackgroundJob` row that points
at the backend's result; the backend stays the one source of truth for a job's status,
return value and traceback (docs/background-jobs.md).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string

# The backport is a dependency on every Django: django-tasks-rq builds on it even on Django 6,
# so its "no such result" error is caught alongside Django's.
from django_tasks.exceptions import TaskResultDoesNotExist as BackportResultDoesNotExist

try:  # Django >= 6.0
    from django.tasks import TaskResult, task, task_backends
    from django.tasks.base import TASK_MAX_PRIORITY
    from django.tasks.exceptions import TaskResultDoesNotExist
except ImportError:  # Django 5.2 with the backport
    from django_tasks import TaskResult, task, task_backends
    from django_tasks.base import TASK_MAX_PRIORITY
    from django_tasks.exceptions import TaskResultDoesNotExist

from .faults import on_commit_safe
from .local import get_session_user, init
from .models import BackgroundJob
from .settings import web_settings

logger = logging.getLogger("django_frappe_web.background_jobs")

# Frappe's names (rq's JobStatus values) for Django's task statuses, by value: Django's and the
# backport's TaskResultStatus are two classes with the same values.
QUEUED, STARTED, FINISHED, FAILED = "queued", "started", "finished", "failed"
STATUS_NAMES = {"READY": QUEUED, "RUNNING": STARTED, "SUCCESSFUL": FINISHED, "FAILED": FAILED}
LIVE_STATUSES = frozenset({QUEUED, STARTED})

# What a backend may honour beyond Django's Task options, e.g. {"timeout": 60} (read by
# rq_backend.RQBackend): Django's Tasks have no place for it, and the backend's enqueue() runs
# inside frappe.enqueue's call (or its after-commit callback), in the same context.
enqueue_options: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar(
    "frappe_enqueue_options", default={}  # noqa: B039 - never mutated: _options() sets a new dict
)


@task()
def run_job(method: str, user: str, kwargs: dict[str, Any]) -> Any:
    """The one task every ``frappe.enqueue`` call runs: import ``method`` and call it as ``user``."""
    with init(user=user):
        return import_string(method)(**kwargs)


def enqueue(
    method: str | Callable[..., Any],
    queue: str = "default",
    timeout: int | None = None,
    event: str | None = None,
    is_async: bool = True,
    job_name: str | None = None,
    now: bool = False,
    enqueue_after_commit: bool = False,
    *,
    at_front: bool = False,
    job_id: str | None = None,
    deduplicate: bool = False,
    **kwargs: Any,
) -> TaskResult | Any | None:
    """Run ``method(**kwargs)`` in the background, as the current user, on ``queue``.

    Returns the backend's ``TaskResult``; ``None`` when ``enqueue_after_commit`` defers it
    or when ``deduplicate`` refuses it because a job with ``job_id`` is still queued or
    started (as Frappe does). ``now=True`` or ``is_async=False`` calls the method here and
    returns its value. ``kwargs`` must be JSON-serialisable. ``timeout`` (seconds) is
    honoured by backends that can stop a job (RQ); ``at_front`` by backends with
    priorities (the database backend, RQ). ``event`` and ``job_name`` are accepted for
    Frappe's callers and unused.
    """
    if deduplicate and not job_id:
        raise ValueError("enqueue(deduplicate=True) needs a job_id: it is the job's identity.")
    path = method if isinstance(method, str) else f"{method.__module__}.{method.__qualname__}"
    if now or not is_async:
        return import_string(path)(**kwargs)
    job = run_job.using(queue_name=backend_queue(queue), backend=web_settings.JOB_BACKEND)
    if at_front and job.get_backend().supports_priority:
        job = job.using(priority=TASK_MAX_PRIORITY)
    args = (path, get_session_user(), kwargs)
    options = {"timeout": timeout}

    def send() -> TaskResult | None:
        with _options(options):
            return _send(job, args, job_id, deduplicate, queue)

    if enqueue_after_commit:
        on_commit_safe(send, f"enqueueing {path}")
        return None
    return send()


def backend_queue(queue: str | None) -> str:
    """The backend's queue for one of Frappe's (``short``, ``default``, ``long``): ``JOB_QUEUES``."""
    mapping = web_settings.JOB_QUEUES
    name = queue or "default"
    if name not in mapping:
        raise ValueError(f"Unknown queue {name!r}: FRAPPE_WEB['JOB_QUEUES'] has {', '.join(sorted(mapping))}.")
    return mapping[name]


@contextlib.contextmanager
def _options(options: dict[str, Any]) -> Iterator[None]:
    token = enqueue_options.set(options)
    try:
        yield
    finally:
        enqueue_options.reset(token)


def _send(job: Any, args: tuple, job_id: str | None, deduplicate: bool, queue: str) -> TaskResult | None:
    if job_id is None:
        return job.enqueue(*args)
    # The row is locked until the enqueue commits, so two enqueues of one job id take turns:
    # the second sees the first's job queued and is refused.
    with transaction.atomic():
        record, _ = BackgroundJob.objects.select_for_update().get_or_create(job_id=job_id)
        status = status_of(record) if deduplicate and record.result_id else None
        if status in LIVE_STATUSES:
            logger.info("Not enqueueing job %s: it is %s already", job_id, status)
            return None
        result = job.enqueue(*args)
        record.backend, record.result_id, record.method, record.queue, record.user = (
            job.backend, str(result.id), args[0], queue, args[1])
        record.save()
    return result


def get_job(job_id: str) -> TaskResult | None:
    """The backend's result of the job last enqueued with ``job_id`` (or of a task result id).

    ``None`` when there is none, or when the backend keeps no results (the immediate and
    dummy backends: ``supports_get_result`` is false).
    """
    record = BackgroundJob.objects.filter(job_id=job_id).first()
    if record is not None:
        return result_of(record)
    return _lookup(web_settings.JOB_BACKEND, job_id)


def get_job_status(job_id: str) -> str | None:
    """``"queued"``, ``"started"``, ``"finished"`` or ``"failed"`` (Frappe's names), or ``None``."""
    return _status(get_job(job_id))


def is_job_enqueued(job_id: str) -> bool:
    """Whether the job with ``job_id`` is queued or running (what ``deduplicate`` refuses)."""
    return get_job_status(job_id) in LIVE_STATUSES


def result_of(record: BackgroundJob) -> TaskResult | None:
    """The backend's result of ``record``'s last job (a row already loaded: no query for it)."""
    return _lookup(record.backend, record.result_id)


def status_of(record: BackgroundJob) -> str | None:
    """Frappe's name for the status of ``record``'s last job."""
    return _status(result_of(record))


def _lookup(backend_alias: str, result_id: str) -> TaskResult | None:
    backend = task_backends[backend_alias]
    if not backend.supports_get_result:
        return None
    try:
        return backend.get_result(result_id)
    except (TaskResultDoesNotExist, BackportResultDoesNotExist):
        return None


def _status(result: TaskResult | None) -> str | None:
    return None if result is None else STATUS_NAMES.get(str(result.status))
