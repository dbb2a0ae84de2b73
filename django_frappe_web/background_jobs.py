"""``frappe.enqueue`` on Django's Tasks framework.

Django 6 ships ``django.tasks``; on Django 5.2 the ``django-tasks`` backport
provides the same API. The job runs inside ``frappe.init(user=...)`` so
``frappe.session.user`` is the user who enqueued it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

try:  # Django >= 6.0
    from django.tasks import task
except ImportError:  # Django 5.2 with the backport
    from django_tasks import task

from .faults import on_commit_safe
from .local import get_session_user, init


@task()
def run_job(method: str, user: str, kwargs: dict[str, Any]) -> Any:
    """The one task every ``frappe.enqueue`` call runs: import ``method`` and call it as ``user``."""
    with init(user=user):
        return import_string(method)(**kwargs)


def enqueue(
    method: str | Callable[..., Any],
    queue: str = "default",
    timeout: int | None = None,
    enqueue_after_commit: bool = False,
    **kwargs: Any,
) -> Any:
    """Run ``method(**kwargs)`` in the background; returns Django's ``TaskResult``.

    ``method`` is a dotted path or a module-level function; ``kwargs`` must be JSON
    serialisable (a requirement of Django's Tasks). ``timeout`` is accepted for
    Frappe compatibility; Django's Tasks leave timeouts to the backend.
    """
    path = method if isinstance(method, str) else f"{method.__module__}.{method.__qualname__}"
    job = run_job.using(queue_name=queue)
    args = (path, get_session_user(), kwargs)
    if enqueue_after_commit:
        on_commit_safe(lambda: job.enqueue(*args), f"enqueueing {path}")
        return None
    return job.enqueue(*args)
