"""One hostile request: sent in a rolled-back savepoint, bounded in time, checked for 5xx and tracebacks.

The savepoint keeps examples from seeing each other's writes, and a database error in one
(PostgreSQL aborts the transaction) from failing the next.
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

from django.db import transaction
from django.test import Client

TRACEBACK = b"Traceback (most recent call last)"
REQUEST_SECONDS = 5


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the request if it runs longer (a regex that backtracks forever, say)."""

    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def send(client: Client, method: str, path: str, **kwargs):
    """One request in a rolled-back savepoint; fails the example on a 5xx, a traceback in the body,
    or no answer within REQUEST_SECONDS."""
    where = f"{method.upper()} {path[:2000]!r}" + (f" body={kwargs.get('data')!r:.2000}" if "data" in kwargs else "")
    started = time.monotonic()
    with time_limit(REQUEST_SECONDS), transaction.atomic():
        response = getattr(client, method)(path, **kwargs)
        transaction.set_rollback(True)
    assert time.monotonic() - started < REQUEST_SECONDS, f"{where}: no answer within {REQUEST_SECONDS} s"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code < 500, f"{where} -> {response.status_code}: {body[:3000]!r}"
    assert TRACEBACK not in body, f"{where} -> a traceback in the body: {body[:3000]!r}"
    return response


def as_bytes(text: str) -> bytes:
    """The body a client sends; a lone surrogate becomes bytes that are not UTF-8."""
    return text.encode("utf-8", "surrogatepass")
