"""RQ for ``frappe.enqueue``: django-tasks-rq's backend, with Frappe's ``timeout`` and ``at_front``.

django-tasks-rq puts a task at the front of its RQ queue when its priority is the highest
(``TASK_MAX_PRIORITY``) but declares no priority support, so Django refuses such a task; and
it has no way to pass a job timeout. This backend declares priorities (only the highest one
means anything to RQ: the front of the queue) and gives each job ``enqueue(timeout=...)`` as
RQ's ``job_timeout``: RQ's work horse is killed when it runs longer, and the job is failed
with ``JobTimeoutException``. Without a timeout, the queue's ``DEFAULT_TIMEOUT`` (``RQ_QUEUES``)
applies, as in Frappe.

Configure it as ``"BACKEND": "django_frappe_web.rq_backend.RQBackend"`` and run workers with
``manage.py rqworker --job-class django_tasks_rq.Job short default long``.
"""

from __future__ import annotations

from typing import Any

import django_rq
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq.backend import Job, failed_callback, success_callback
from django_tasks_rq.backend import RQBackend as BaseRQBackend
from rq.job import Callback, JobStatus

from .background_jobs import enqueue_options


class RQBackend(BaseRQBackend):
    supports_priority = True

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None, started_at=None,
            last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs, backend=self.alias, errors=[],
            worker_ids=[],
        )
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path, args=args, kwargs=kwargs, job_id=result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            timeout=enqueue_options.get().get("timeout"),
            on_failure=Callback(failed_callback), on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)
        return result
