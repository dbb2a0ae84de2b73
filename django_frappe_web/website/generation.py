"""Page versions: the numbers every cached page, redirect table and route memo is checked against,
and :class:`VersionedMemo`, the process-local memo whose entries carry the versions they were
built from.

A *topic* is one thing a write can change: ``site`` (a deploy, ``clear_website_cache``), one per
model a page may show (``model:testapp.article``), one per route (``route:about``: a document
published at, moved to or removed from that route) and one per web-view document
(``doc:testapp.article:7``, what its own page shows of it). Each topic has a *slot*, a row of
:class:`~django_frappe_web.models.RouteGeneration`: ``site`` is row 1 (the old site-wide route
generation), every other topic hashes into the rows of its kind (:data:`SLOTS` for models,
:data:`ROUTE_BUCKETS` for routes, :data:`DOCUMENT_BUCKETS` for documents). Two topics sharing a
slot only invalidate each other's pages more often, never less.

A slot's truth is its database row, bumped *inside the transaction* of each write that changes
the topic: a committed write always carries its bump, whatever happens to the cache. The
shared cache holds a copy of each slot that lives ``FRAPPE_WEB["ROUTE_GENERATION_CACHE_TIMEOUT"]``
seconds (5 by default), so a warm page costs no database query, and each process sharing the
cache sees a new version as soon as the writer drops the copies after its commit. The copies are
two cache keys (the site's and models' as a dict by slot, each entry with the time it was read;
the route buckets as one compact blob), read in the same round trip as the request's cached
page (:func:`read_versions`).

When the cache fails, nothing is lost:

* a write whose after-commit drop of the copies failed (cache down or paused) is remembered
  by its process, which drops them again before it next reads versions;
* a copy older than a value this process has read from the database is not trusted (a
  Redis restored from disk with its old data), the database is read again;
* any other copy outlives the write by at most the copy's lifetime;
* with the database down, the newest value known (the cache's copy, kept for a day past its
  lifetime for this, else the last value this process used or read) is used, so cached guest
  pages are still served by every process, also one that never served that page.

Values are milliseconds since the epoch at least (each bump takes ``max(value + 1, now)``, a
missing row is created at ``now``): a database restored from a backup never brings back the
versions of pages cached since.
"""

from __future__ import annotations

import functools
import time
import zlib
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import caches
from django.db import DatabaseError, models, router, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest

from ..faults import report_fault
from ..models import RouteGeneration
from ..settings import web_settings
from . import version_channel
from .memo import VersionedMemo

GENERATION_KEY = "website:generation"
SITE = "site"
SITE_SLOT = 1
SLOTS = 4096  # rows for models; RouteGeneration's id is a small integer
ROUTE_BUCKETS = 256  # rows for routes, after the models': read all at once, so any path's is warm
FIRST_ROUTE_SLOT = 2 + SLOTS
ROUTE_SLOTS = range(FIRST_ROUTE_SLOT, FIRST_ROUTE_SLOT + ROUTE_BUCKETS)
DOCUMENT_BUCKETS = 8192  # rows for single documents, after the routes'
FIRST_DOCUMENT_SLOT = FIRST_ROUTE_SLOT + ROUTE_BUCKETS


@functools.lru_cache(maxsize=8192)
def slot_of(topic: str) -> int:
    """The row holding ``topic``'s version (stable across processes and restarts)."""
    if topic == SITE:
        return SITE_SLOT
    if topic.startswith("route:"):
        return FIRST_ROUTE_SLOT + _hash(topic) % ROUTE_BUCKETS
    if topic.startswith("doc:"):
        return FIRST_DOCUMENT_SLOT + _hash(topic) % DOCUMENT_BUCKETS
    return 2 + _hash(topic) % SLOTS


def _hash(topic: str) -> int:
    return zlib.crc32(topic.encode("utf-8", "surrogatepass"))


def model_topic(model: Any) -> str:
    """The topic of every row of ``model`` (a model class or instance)."""
    return _model_topic(model._meta.concrete_model)


@functools.lru_cache(maxsize=1024)
def _model_topic(model: type) -> str:
    return f"model:{model._meta.label_lower}"


def document_topic(model: Any, pk: Any) -> str:
    """The topic of one row of a web-view doctype, which its document page shows."""
    return f"doc:{model._meta.concrete_model._meta.label_lower}:{pk}"


def route_topic(route: str) -> str:
    """The topic of which document, if any, is published at ``route``."""
    return f"route:{route}"


# How long the cache keeps the copies (their freshness is judged by the time each was read, never
# by this): an outage of the database shorter than this still finds the versions of cached pages.
OUTAGE_COPY_TIMEOUT = 24 * 3600


class _ProcessState:
    """What this process knows beyond the cache."""

    def __init__(self) -> None:
        self.last_read: dict[int, int] = {}  # slot -> the value this process last read from the database
        # slot -> the value this process last used, from the database or a copy: with the database
        # down and the copy expired, the pages cached for it are still the right ones to serve.
        self.last_used: dict[int, int] = {}
        self.unpublished: set[int] = set()  # committed bumps whose cache copies could not be dropped


_state = _ProcessState()


def forget_process_state() -> None:
    """Forget what this process memoised or knows of the versions (tests roll the database back)."""
    _state.last_read.clear()
    _state.last_used.clear()
    _state.unpublished.clear()
    VersionedMemo.forget_all()
    version_channel.forget_all()


def copy_key() -> str:
    """The cache key holding the copies of the site's and the models' versions:
    ``{slot: (version, read at, in ms)}``."""
    return f"{web_settings.CACHE_KEY_PREFIX}:{GENERATION_KEY}"


def routes_key() -> str:
    """The cache key holding the copies of every route bucket: ``(read at, 64-bit versions as bytes)``
    (a compact blob: it is read by every routed request)."""
    return f"{copy_key()}:routes"


def copies() -> dict[int, int]:
    """The versions the cache holds now, by slot (for tests)."""
    held = _Held(_cache().get_many([copy_key(), routes_key()]))
    return {slot: held.get(slot)[0] for slot in [*held.models, *(ROUTE_SLOTS if held.routes else ())]}


class _Held:
    """The copies as read from the two keys (anything malformed is no copy)."""

    def __init__(self, found: dict):
        models = found.get(copy_key())
        self.models: dict[int, tuple[int, int]] = models if isinstance(models, dict) else {}
        routes = found.get(routes_key())
        valid = isinstance(routes, tuple) and len(routes) == 2 and isinstance(routes[1], bytes)
        self.routes = array("q", routes[1]) if valid and len(routes[1]) == 8 * ROUTE_BUCKETS else None
        self.routes_read_at = routes[0] if self.routes is not None else 0

    def get(self, slot: int) -> tuple[int | None, int]:
        """``(version, read at)`` of ``slot``, ``(None, 0)`` when the cache holds none."""
        if slot in ROUTE_SLOTS:
            if self.routes is None:
                return None, 0
            return self.routes[slot - FIRST_ROUTE_SLOT], self.routes_read_at
        return self.models.get(slot, (None, 0))


def read_versions(slots: Iterable[int], extra_keys: Sequence[str] = ()) -> tuple[dict[int, int], dict[str, Any]]:
    """The current version of each slot, and the cache's values of ``extra_keys``, in one cache
    round trip at most: none when this process's own copy (:mod:`.version_channel`) has them all.

    Copies missing, older than their lifetime or not trusted are read from the database in one
    query and written back.
    """
    if _state.unpublished:
        publish(())
    wanted = set(slots)
    lifetime = web_settings.ROUTE_GENERATION_CACHE_TIMEOUT or 0
    oldest = _now_ms() - 1000 * lifetime
    channel = version_channel.get_channel() if lifetime > 0 else None  # 0: the database, every time
    epoch = channel.sync() if channel is not None else None
    versions = channel.lookup(wanted, oldest, _state.last_read) if epoch is not None else {}
    wanted -= versions.keys()
    found = _read_cache(wanted, extra_keys) if wanted or extra_keys else {}
    if wanted:
        read, learned = _read_shared(wanted, _Held(found), oldest, keep=epoch is not None)
        versions.update(read)
        if epoch is not None:
            channel.keep(epoch, learned)
    _state.last_used.update(versions)
    return versions, {extra: found[extra] for extra in extra_keys if extra in found}


def _read_cache(slots: set[int], extra_keys: Sequence[str]) -> dict[str, Any]:
    keys = [*([copy_key()] if any(slot not in ROUTE_SLOTS for slot in slots) else []),
            *([routes_key()] if any(slot in ROUTE_SLOTS for slot in slots) else []), *extra_keys]
    try:
        return _cache().get_many(keys)
    except Exception as exc:  # noqa: BLE001 - the database has the values
        report_fault("route-generation-read", "The cache is unavailable: page versions are read from the database", exc)
        return {}


def _read_shared(slots: set[int], held: _Held, oldest: int, keep: bool,
                 ) -> tuple[dict[int, int], dict[int, tuple[int, int]]]:
    """The versions of ``slots`` from the cache's copies, else from the database; and (``keep``)
    what this process may keep of what it read, ``{slot: (version, read at)}``: every route bucket
    with one, so a path never asked before finds its bucket kept."""
    every_route = keep and held.routes is not None and not slots.isdisjoint(ROUTE_SLOTS)
    candidates = slots | set(ROUTE_SLOTS) if every_route else slots
    versions: dict[int, int] = {}
    learned: dict[int, tuple[int, int]] = {}
    stale: dict[int, int | None] = {}
    for slot in candidates:
        copy, read_at = held.get(slot)
        known = _state.last_read.get(slot)
        if copy is not None and read_at >= oldest and (known is None or copy >= known):
            learned[slot] = (copy, read_at)
            if slot in slots:
                versions[slot] = copy
        elif slot in slots:
            stale[slot] = copy
    if stale:
        values, from_database = _read_stale(stale, held)
        versions.update((slot, values[slot]) for slot in stale)
        if from_database and keep:
            now = _now_ms()
            learned.update((slot, (value, now)) for slot, value in values.items())
    return versions, learned


def _read_stale(stale: dict[int, int | None], held: _Held) -> tuple[dict[int, int], bool]:
    """The database's values (and ``True``), or with the database down the last known ones (and ``False``)."""
    slots = set(stale)
    if any(slot in ROUTE_SLOTS for slot in slots):
        slots.update(ROUTE_SLOTS)  # one query for every route's version: a crawler's new paths then cost none
    try:
        values = read_database(slots)
    except DatabaseError:
        fallback = {slot: _last_known(slot, copy) for slot, copy in stale.items()}
        if any(value is None for value in fallback.values()):
            raise
        return fallback, False  # the database is down: keep serving what was cached for the last known versions
    _write_copies(values, held)
    return values, True


def _last_known(slot: int, copy: int | None) -> int | None:
    """The newest value of ``slot`` anyone told this process: an expired copy, the last used, the last read."""
    known = [value for value in (copy, _state.last_used.get(slot), _state.last_read.get(slot)) if value is not None]
    return max(known, default=None)


def get_version(topic: str) -> int:
    """The current version of ``topic``."""
    slot = slot_of(topic)
    return read_versions([slot])[0][slot]


def get_generation() -> int:
    """The ``site`` version: bumped by deploys and ``clear_website_cache``, part of every page's versions."""
    return get_version(SITE)


def bump_in_transaction(topics: Iterable[str]) -> None:
    """Bump the topics' rows now, in the caller's transaction, and drop their copies after the commit.

    The rows stay locked until the commit, so concurrent writes to the same topics queue on
    them for the rest of their transactions (short ones, for a web request); writes to other
    models do not. One statement bumps them all (one round trip inside the lock), through the
    primary key's index, so in slot order.
    """
    db = _database()
    slots = sorted({slot_of(topic) for topic in topics})
    _bump_rows(db, slots)
    transaction.on_commit(lambda: publish(slots), using=db)


def bump_generation() -> int:
    """Bump ``site`` now (management commands, ``migrate``): every cached page and memo is dropped."""
    _bump_rows(_database(), [SITE_SLOT])
    value = read_database([SITE_SLOT])[SITE_SLOT]
    publish([SITE_SLOT])
    return value


def read_database(slots: Iterable[int]) -> dict[int, int]:
    """The slots' rows; a slot never bumped is 0, the site's row is created at ``now`` when missing
    (a flushed table)."""
    slots = set(slots)
    db = router.db_for_read(RouteGeneration)
    rows = RouteGeneration.objects.using(db)
    if slots >= set(ROUTE_SLOTS):
        rows = rows.filter(Q(pk__in=slots - set(ROUTE_SLOTS)) | Q(pk__gte=FIRST_ROUTE_SLOT, pk__lt=FIRST_DOCUMENT_SLOT))
    else:
        rows = rows.filter(pk__in=slots)
    values = {slot: 0 for slot in slots} | dict(rows.values_list("pk", "value"))
    if SITE_SLOT in slots and not values[SITE_SLOT]:
        row, _created = RouteGeneration.objects.using(_database()).get_or_create(pk=SITE_SLOT, defaults={"value": _now_ms()})
        values[SITE_SLOT] = row.value
    _state.last_read.update(values)
    return values


def publish(slots: Iterable[int]) -> None:
    """Drop the cache's copies and tell every process's own copy (:mod:`.version_channel`), so
    every process reads the new values of ``slots``; remember a failure to retry it.

    No slots (none given, none left to retry) drops every copy, as the shared ones always are.
    Never raises: it runs after a commit, and the write's answer must be the write's own.
    """
    slots = _state.unpublished | set(slots)
    named = slots or None  # None: every slot
    channel = version_channel.get_channel()
    if channel is not None:
        channel.forget(named)  # this process first, whatever the cache answers
    error = None
    try:
        # None: raised, or swallowed by django-redis's IGNORE_EXCEPTIONS (a delete answers a bool);
        # the first failure stops, so a hanging cache costs one timeout.
        dropped = all(_cache().delete(key) is not None for key in (copy_key(), routes_key()))
        if dropped:
            version_channel.announce(named)  # after the drop: a process told reads no old copy
    except Exception as exc:  # noqa: BLE001 - a cache outage after commit is logged, not raised
        dropped, error = False, exc
    if dropped:
        _state.unpublished.clear()
    else:
        _state.unpublished = slots
        report_fault("route-generation", "The cache is unavailable: new page versions are kept in the "
                     "database and published when the cache answers again", error)


def _bump_rows(db: str, slots: list[int]) -> None:
    now = _now_ms()
    rows = RouteGeneration.objects.using(db).filter(pk__in=slots)
    if rows.update(value=Greatest(F("value") + 1, Value(now), output_field=models.BigIntegerField())) < len(slots):
        # Slots never bumped have no row yet (they read as 0): created at ``now``, the others kept.
        RouteGeneration.objects.using(db).bulk_create([RouteGeneration(pk=slot, value=now) for slot in slots],
                                                      ignore_conflicts=True)


def _database() -> str:
    return router.db_for_write(RouteGeneration)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _cache():
    return caches[web_settings.CACHE_ALIAS]


def _write_copies(values: dict[int, int], held: _Held) -> None:
    """Add ``values`` to the copies still alive, in one write.

    Another process writing its own at the same moment may drop these (it reads them again from
    the database); a copy of a value read before a concurrent write's drop outlives it by at
    most the copies' lifetime, each entry keeping the time it was read.
    """
    timeout = web_settings.ROUTE_GENERATION_CACHE_TIMEOUT
    if not timeout or timeout <= 0:
        return
    now = _now_ms()
    # Entries past their lifetime stay (each says when it was read, so none is trusted while the
    # database answers): with the database down they are what every process serves pages for.
    merged = dict(held.models)
    merged.update((slot, (value, now)) for slot, value in values.items() if slot not in ROUTE_SLOTS)
    written = {copy_key(): merged}
    if all(slot in values for slot in ROUTE_SLOTS):
        written[routes_key()] = (now, array("q", (values[slot] for slot in ROUTE_SLOTS)).tobytes())
    try:
        _cache().set_many(written, timeout=max(timeout, OUTAGE_COPY_TIMEOUT))
    except Exception as exc:  # noqa: BLE001 - the next request reads the database again
        report_fault("route-generation-read", "The cache is unavailable: page versions are read from the database", exc)
