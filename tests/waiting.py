"""Bounded waits for what happens in another process, thread or socket: poll, never sleep and hope."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_until(condition: Callable[[], object], timeout: float, what: str, worker: Any = None) -> object:
    """Poll ``condition`` every 50 ms until it is true, for at most ``timeout`` seconds; its value.
    ``worker``: a process whose ``output()`` the failure shows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not {what} after {timeout} s" + (f"; worker log:\n{worker.output()}" if worker else ""))
