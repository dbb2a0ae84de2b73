"""tracemalloc inside app server workers, for finding what grows over a soak.

Added to ``INSTALLED_APPS`` by :mod:`loadtest.site_settings` when ``LOAD_TRACEMALLOC`` names a
folder: each worker starts tracing when Django is ready and, on SIGUSR2, collects garbage and
writes ``<folder>/<pid>-<n>.snap``. gunicorn's workers load the application after installing
their own signal handlers, so this handler is the one that runs (gunicorn's master keeps
SIGUSR2 for re-executing itself: send it to a worker's pid, never the master's).
:func:`compare` prints what grew between two snapshots of one worker, by traceback.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import tracemalloc
from pathlib import Path

from django.apps import AppConfig

FRAMES = 12
IGNORED = (tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
           tracemalloc.Filter(False, "<unknown>"))


class TracingConfig(AppConfig):
    name = "loadtest.tracing"
    label = "load_tracing"

    def ready(self) -> None:
        folder = os.environ.get("LOAD_TRACEMALLOC")
        if not folder:
            return
        if not tracemalloc.is_tracing():
            tracemalloc.start(int(os.environ.get("LOAD_TRACEMALLOC_FRAMES", FRAMES)))
        numbers = itertools.count()

        def dump(signum, frame) -> None:  # noqa: ARG001 - a signal handler's signature
            gc.collect()
            path = Path(folder) / f"{os.getpid()}-{next(numbers)}.snap"
            tracemalloc.take_snapshot().filter_traces(IGNORED).dump(str(path))

        signal.signal(signal.SIGUSR2, dump)


def compare(before: Path, after: Path, limit: int = 15, frames: int = 8) -> str:
    """The ``limit`` tracebacks whose memory grew most from ``before`` to ``after``, as text."""
    old, new = tracemalloc.Snapshot.load(str(before)), tracemalloc.Snapshot.load(str(after))
    lines = [f"{after.name} vs {before.name}: traced {sum(s.size for s in new.statistics('filename')) / 1e6:.2f} MB "
             f"(was {sum(s.size for s in old.statistics('filename')) / 1e6:.2f} MB)"]
    for stat in new.compare_to(old, "traceback")[:limit]:
        lines.append(f"{stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks  (now {stat.size / 1024:.1f} KiB)")
        lines.extend(f"      {line}" for line in stat.traceback.format(limit=frames, most_recent_first=True)[:frames * 2])
    return "\n".join(lines)
