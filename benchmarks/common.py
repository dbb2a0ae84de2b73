"""Shared benchmark helpers: Django set-up on the chosen backend, a handler per MIDDLEWARE list,
and timing by alternating rounds."""

from __future__ import annotations

import atexit
import contextvars
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_ready = False
_configured_name = ""  # PostgreSQL: the database named in the URL, next to which ours are created


def backend() -> str:
    """``sqlite`` or ``postgres``: the backend this process benchmarks (``BENCH_BACKEND``)."""
    return os.environ.get("BENCH_BACKEND", "sqlite")


def setup_django() -> None:
    """Configure Django on the benchmark settings and create the tables.

    SQLite: migrate the in-memory database. PostgreSQL: create (and migrate) this process's
    own database, ``bench_frappe_web_<pid>``, and drop it and this process's cache keys at exit.
    """
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if backend() == "postgres":
        from django.db import connection

        global _configured_name
        _configured_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        atexit.register(_clean_up)
    else:
        call_command("migrate", run_syncdb=True, verbosity=0)
    _ready = True


def _clean_up() -> None:
    from django.core.cache import cache

    try:
        cache.delete_pattern("*")  # django-redis: only keys under this process's KEY_PREFIX
    finally:
        drop_database("default")


def add_database(alias: str) -> None:
    """A second, empty, migrated database ``alias`` on the same backend (for two-size benchmarks).

    SQLite: another in-memory database. PostgreSQL: ``bench_frappe_web_<pid>_<alias>``, dropped by
    :func:`drop_database` (call it when done; the one at exit only drops ``default``).
    """
    from django.core.management import call_command
    from django.db import connections

    default = connections.settings["default"]
    if backend() == "postgres":
        connections.settings[alias] = {**default, "NAME": _configured_name,
                                       "TEST": {**default["TEST"], "NAME": f"{default['NAME']}_{alias}"}}
        connections[alias].creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        connections.settings[alias] = {**default, "NAME": ":memory:"}
        call_command("migrate", database=alias, run_syncdb=True, verbosity=0)


def two_size_site():
    """Django set up with a second database, ``large``, next to ``default`` (drop it with
    :func:`drop_database` when done): ``(handler, factory)``, the handler with the settings'
    middleware, for benchmarks that alternate two sizes of the same tables (:class:`SizeRouter`)."""
    setup_django()
    from django.conf import settings
    from django.test import RequestFactory

    add_database("large")
    return make_handler(list(settings.MIDDLEWARE)), RequestFactory()


def drop_database(alias: str) -> None:
    """Close ``alias``; on PostgreSQL drop the database :func:`setup_django`/:func:`add_database` made."""
    from django.db import connections

    connections[alias].close()
    if backend() == "postgres":
        connections[alias].creation.destroy_test_db(_configured_name, verbosity=0)


_alias = contextvars.ContextVar("bench_alias", default="default")


class SizeRouter:
    """Every query goes to the database chosen by :func:`using` (for two-size benchmarks)."""

    def db_for_read(self, model, **hints):
        return _alias.get()

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return True


@contextmanager
def using(alias: str) -> Iterator[None]:
    """Send every query inside the block to ``alias`` (with :class:`SizeRouter` installed)."""
    token = _alias.set(alias)
    try:
        yield
    finally:
        _alias.reset(token)


def analyze(alias: str) -> None:
    """Refresh the planner's statistics on ``alias`` after a bulk insert (as autovacuum later would)."""
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute("ANALYZE")


def explain(alias: str, queryset) -> str:
    """The database's plan for ``queryset`` on ``alias``, one line (SQLite or PostgreSQL)."""
    return explain_sql(alias, *queryset.query.sql_with_params())


def explain_sql(alias: str, sql: str, params=()) -> str:
    """The database's plan for ``sql`` on ``alias``, one line."""
    from django.db import connections

    prefix = "EXPLAIN" if connections[alias].vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connections[alias].cursor() as cursor:
        cursor.execute(f"{prefix} {sql}", params)
        return " / ".join(str(row[-1]).strip() for row in cursor.fetchall())


def make_handler(middleware: list[str]):
    """A Django request handler with exactly ``middleware`` loaded (as WSGIHandler builds one)."""
    from django.core.handlers.base import BaseHandler
    from django.test import override_settings

    with override_settings(MIDDLEWARE=middleware):
        handler = BaseHandler()
        handler.load_middleware()
    return handler


def _timed(fn: Callable[[], object], number: int, clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    for _ in range(number):
        fn()
    return (clock() - start) / number


def compare(ours: Callable[[], object], baseline: Callable[[], object], number: int = 500,
            rounds: int = 15, clock: Callable[[], float] = time.perf_counter) -> tuple[float, float, float]:
    """``(ours, baseline, ratio)``: seconds per call and the median per-round time ratio.

    The two sides run alternately, round after round (and in alternating order), so
    load from other processes on the machine hits both alike; the median of the
    per-round ratios is what we report. ``clock=time.thread_time`` counts only this
    thread's CPU time, for work that waits on nothing (no database, no cache server):
    time spent descheduled on a busy machine then counts for neither side.
    """
    for fn in (ours, baseline):
        _timed(fn, max(1, number // 5), clock)  # warm-up: imports, caches, compiled templates
    ratios, ours_times, base_times = [], [], []
    for i in range(rounds):
        if i % 2:
            b, o = _timed(baseline, number, clock), _timed(ours, number, clock)
        else:
            o, b = _timed(ours, number, clock), _timed(baseline, number, clock)
        ours_times.append(o)
        base_times.append(b)
        ratios.append(o / b)
    return statistics.median(ours_times), statistics.median(base_times), statistics.median(ratios)


def report(name: str, ours: float, baseline: float, ratio: float, target: str) -> str:
    line = (f"[{backend()}] {name}: ours {ours * 1e6:.1f} µs, baseline {baseline * 1e6:.1f} µs, "
            f"time ratio {ratio:.3f} (throughput {1 / ratio:.2f}x of baseline); target {target}")
    print(line)
    return line
