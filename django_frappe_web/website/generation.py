"""The route generation: the number every cached page, 404, redirect table and route memo belongs to,
and :class:`GenerationMemo`, the process-local memo whose entries belong to one generation.

Its truth is a database row (:class:`~django_frappe_web.models.RouteGeneration`), bumped
*inside the transaction* of each write that changes what a page shows: a committed write
always carries its bump, whatever happens to the cache. The shared cache holds only a copy
that lives ``FRAPPE_WEB["ROUTE_GENERATION_CACHE_TIMEOUT"]`` seconds (5 by default), so a
warm page costs no database query, and each process sharing the cache sees a new generation
as soon as the writer drops the copy after its commit.

When the cache fails, nothing is lost:

* a write whose after-commit drop of the copy failed (cache down or paused) is remembered
  by its process, which drops the copy again before it next reads the generation;
* a copy older than a value this process has read from the database is not trusted (a
  Redis restored from disk with its old data), the database is read again;
* any other copy outlives the write by at most the copy's lifetime;
* with the database down, the last copy (or the last value this process read) is used, so
  cached guest pages are still served.

Values are milliseconds since the epoch at least (each bump takes ``max(value + 1, now)``):
a database restored from a backup never brings back the number of pages cached since.
"""

from __future__ import annotations

import time
import weakref
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import caches
from django.db import DatabaseError, models, router, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from ..faults import report_fault
from ..models import RouteGeneration
from ..settings import web_settings

GENERATION_KEY = "website:generation"


class _ProcessState:
    """What this process knows beyond the cache."""

    last_read: int | None = None  # the value this process last read from the database
    unpublished: bool = False  # a committed bump whose cache copy could not be dropped


_state = _ProcessState()


def forget_process_state() -> None:
    """Forget what this process memoised or knows of the generation (tests roll the database back)."""
    _state.last_read = None
    _state.unpublished = False
    GenerationMemo.forget_all()


def copy_key() -> str:
    return f"{web_settings.CACHE_KEY_PREFIX}:{GENERATION_KEY}"


def get_generation() -> int:
    """The current route generation: the cache's copy while it lives, else the database row."""
    if _state.unpublished:
        publish()
    copy = _read_copy()
    if copy is not None and (_state.last_read is None or copy >= _state.last_read):
        return copy
    try:
        value = read_database()
    except DatabaseError:
        fallback = copy if copy is not None else _state.last_read
        if fallback is None:
            raise
        return fallback  # the database is down: keep serving what was cached for the last known generation
    _write_copy(value, replace=copy is not None)
    return value


def bump_in_transaction() -> None:
    """Bump the row now, in the caller's transaction, and drop the cache's copy after the commit.

    The row stays locked until the commit, so concurrent writes that change pages queue on it
    for the rest of their transactions (short ones, for a web request).
    """
    db = _database()
    _bump_row(db)
    transaction.on_commit(publish, using=db)


def bump_generation() -> int:
    """Bump now (management commands, ``migrate``) and return the new generation."""
    _bump_row(_database())
    value = read_database()
    publish()
    return value


def read_database() -> int:
    db = router.db_for_read(RouteGeneration)
    value = RouteGeneration.objects.using(db).filter(pk=1).values_list("value", flat=True).first()
    if value is None:  # a flushed table (tests), or the row deleted by hand
        row, _created = RouteGeneration.objects.using(_database()).get_or_create(pk=1, defaults={"value": _now_ms()})
        value = row.value
    _state.last_read = value
    return value


def publish() -> None:
    """Drop the cache's copy, so every process reads the new value; remember a failure to retry it.

    Never raises: it runs after a commit, and the write's answer must be the write's own.
    """
    try:
        dropped = _cache().delete(copy_key())
    except Exception as exc:  # noqa: BLE001 - a cache outage after commit is logged, not raised
        dropped, error = None, exc
    else:
        error = None
    if dropped is None:  # raised, or swallowed by django-redis's IGNORE_EXCEPTIONS
        _state.unpublished = True
        report_fault("route-generation", "The cache is unavailable: a new route generation is kept in the "
                     "database and published when the cache answers again", error)
    else:
        _state.unpublished = False


def _bump_row(db: str) -> None:
    now = _now_ms()
    rows = RouteGeneration.objects.using(db).filter(pk=1)
    if not rows.update(value=Greatest(F("value") + 1, Value(now), output_field=models.BigIntegerField())):
        RouteGeneration.objects.using(db).get_or_create(pk=1, defaults={"value": now})


def _database() -> str:
    return router.db_for_write(RouteGeneration)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _cache():
    return caches[web_settings.CACHE_ALIAS]


def _read_copy() -> int | None:
    try:
        value = _cache().get(copy_key())
    except Exception as exc:  # noqa: BLE001 - the database has the value
        report_fault("route-generation-read", "The cache is unavailable: the route generation is read from the database", exc)
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _write_copy(value: int, replace: bool) -> None:
    timeout = web_settings.ROUTE_GENERATION_CACHE_TIMEOUT
    if not timeout or timeout <= 0:
        return
    try:
        if replace:
            _cache().set(copy_key(), value, timeout=timeout)
        else:
            # add, not set: a newer copy written meanwhile by another process wins.
            _cache().add(copy_key(), value, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - the next request reads the database again
        report_fault("route-generation-read", "The cache is unavailable: the route generation is read from the database", exc)


class GenerationMemo:
    """A bounded process-local memo whose entries belong to one route generation.

    Lets a process remember route lookups (including misses) without a query per
    request; a new generation (a route saved anywhere) empties it.
    """

    MISSING = object()
    _instances: weakref.WeakSet[GenerationMemo] = weakref.WeakSet()

    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self.generation: int | None = None
        self.entries: OrderedDict = OrderedDict()
        GenerationMemo._instances.add(self)

    def clear(self) -> None:
        self.entries.clear()
        self.generation = None

    @classmethod
    def forget_all(cls) -> None:
        """Empty every memo of this process (tests: a rolled-back database reuses generation numbers)."""
        for memo in list(cls._instances):
            memo.clear()

    def get(self, generation: int, key: object) -> object:
        if generation != self.generation:
            return self.MISSING
        try:
            self.entries.move_to_end(key)
            return self.entries[key]
        except KeyError:
            return self.MISSING

    def get_or_set(self, generation: int, key: object, compute: Callable[[], object]) -> object:
        """The value memoised for ``key`` in ``generation``; ``compute()`` and remember it when missing."""
        value = self.get(generation, key)
        if value is self.MISSING:
            value = compute()
            self.set(generation, key, value)
        return value

    def set(self, generation: int, key: object, value: object) -> None:
        if generation != self.generation:
            self.entries.clear()
            self.generation = generation
        self.entries[key] = value
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
