"""What the site does when a backing service (the shared cache, a file store, a queue) fails.

Two rules, in one place so every caller follows them:

* Work done **after a commit** (publishing the route generation, deleting a replaced
  file, enqueueing a job) never fails the request: the write is committed, so its
  answer is the write's own. :func:`on_commit_safe` registers such work; an error is
  logged and the request goes on.
* A **cache outage** is logged, not raised, where the cache is only an optimisation
  or a soft limit (rate limits fail open, the page cache is skipped). Whether
  django-redis raises (``IGNORE_EXCEPTIONS`` off) or answers ``None``
  (``IGNORE_EXCEPTIONS`` on), the caller sees the same thing.

A cache outage is logged at most once per :data:`LOG_INTERVAL` seconds per kind and
process (it must not flood the log with one line per request); a failed after-commit
action is logged each time, as each one is an action lost (a job, a file left behind).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger("django_frappe_web.faults")

LOG_INTERVAL = 60.0

_last_logged: dict[str, float] = {}
_lock = threading.Lock()


def report_fault(kind: str, message: str, exc: BaseException | None = None) -> bool:
    """Log ``message`` for ``kind`` unless it was logged in the last :data:`LOG_INTERVAL` seconds.

    Returns whether it was logged (tests and callers that count outages may use it).
    """
    now = time.monotonic()
    with _lock:
        last = _last_logged.get(kind)
        if last is not None and now - last < LOG_INTERVAL:
            return False
        _last_logged[kind] = now
    logger.warning("%s (logged once a minute at most)", message, exc_info=exc)
    return True


def forget_reported_faults() -> None:
    """Log the next fault of every kind again (tests)."""
    with _lock:
        _last_logged.clear()


def run_safely(func: Callable[[], Any], what: str) -> bool:
    """Call ``func``; an exception is logged (each time: every one is a lost action) instead of raised.

    Returns whether ``func`` ran without an error.
    """
    try:
        func()
    except Exception:  # noqa: BLE001 - after a commit nothing may fail the request
        logger.exception("After commit, %s failed; the committed write stands", what)
        return False
    return True


def on_commit_safe(func: Callable[[], Any], what: str, using: str | None = None) -> None:
    """``transaction.on_commit(func)``, except that an error of ``func`` is logged, never raised.

    ``what`` names the work in the log. Without a transaction (autocommit) ``func`` runs at once,
    with the same protection.
    """
    transaction.on_commit(lambda: run_safely(func, what), using=using)
