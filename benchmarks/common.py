"""Shared benchmark helpers: Django set-up, a handler per MIDDLEWARE list, and timing by best-of-N."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

_ready = False


def setup_django() -> None:
    """Configure Django on the benchmark settings and create the tables (SQLite in memory)."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    _ready = True


def make_handler(middleware: list[str]):
    """A Django request handler with exactly ``middleware`` loaded (as WSGIHandler builds one)."""
    from django.core.handlers.base import BaseHandler
    from django.test import override_settings

    with override_settings(MIDDLEWARE=middleware):
        handler = BaseHandler()
        handler.load_middleware()
    return handler


def _timed(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def compare(ours: Callable[[], object], baseline: Callable[[], object], number: int = 500,
            rounds: int = 15) -> tuple[float, float, float]:
    """``(ours, baseline, ratio)``: seconds per call and the median per-round time ratio.

    The two sides run alternately, round after round (and in alternating order), so
    load from other processes on the machine hits both alike; the median of the
    per-round ratios is what we report.
    """
    for fn in (ours, baseline):
        _timed(fn, max(1, number // 5))  # warm-up: imports, caches, compiled templates
    ratios, ours_times, base_times = [], [], []
    for i in range(rounds):
        if i % 2:
            b, o = _timed(baseline, number), _timed(ours, number)
        else:
            o, b = _timed(ours, number), _timed(baseline, number)
        ours_times.append(o)
        base_times.append(b)
        ratios.append(o / b)
    return statistics.median(ours_times), statistics.median(base_times), statistics.median(ratios)


def report(name: str, ours: float, baseline: float, ratio: float, target: str) -> str:
    line = (f"{name}: ours {ours * 1e6:.1f} µs, baseline {baseline * 1e6:.1f} µs, "
            f"time ratio {ratio:.3f} (throughput {1 / ratio:.2f}x of baseline); target {target}")
    print(line)
    return line
