"""A process's own copy of the page versions, kept true by a Redis channel, so that a request
whose page is not cached makes no cache round trip.

Every routed request needs the versions (:mod:`.generation`) its memos and page were built
from. Reading them from the shared cache costs a round trip per request, also when nothing is
cached for it. With django-redis, each process keeps the versions it read and subscribes to
one Redis channel; a write's after-commit publish (:func:`.generation.publish`) drops the
shared copies, then sends the slots it bumped on the channel; each process reads what its
subscription delivered (a non-blocking read of its socket, no round trip) before it uses a
version, and drops those slots.

Why no process serves a stale page after a commit: the writer publishes after its commit and
before it answers its own request, and :func:`send` returns only once Redis has written the
message to every subscriber's socket; a request that follows that answer anywhere reads the
message before it uses a version. Redis answers a ``PUBLISH`` before it writes the message to
the subscribers (in the same turn of its loop, but a moment later: about 1 publish in 2,000 was
not yet readable when the writer had its answer, measured on loopback), so :func:`send` follows
it with a ``PING``, which Redis reads only on a later turn, after those writes.

The copy is used only while the channel is known to deliver:

* after the subscription is confirmed: a message sent before it would be missed, so each
  (re)subscription starts with an empty copy;
* while Redis answers: a ``PING`` goes out every :data:`PING_INTERVAL` seconds of traffic and
  the copy is set aside once the last answer is older than :data:`ANSWER_WITHIN` (a paused
  Redis delivers nothing; requests then read the versions as without the channel);
* entries read while a message arrived are not kept (they may predate the write);
* each entry for ``ROUTE_GENERATION_CACHE_TIMEOUT`` seconds after it was read, as the shared
  copies are.

Any error on the connection drops the copy and closes it; a new subscription is tried at most
once every :data:`RETRY_AFTER` seconds, so an outage costs a request at most one connection
attempt a second. On Django's local-memory cache, which is the process's own, the process keeps
its copy without a channel (:class:`ProcessLocalVersions`).
``FRAPPE_WEB["PAGE_VERSION_CHANNEL"] = False`` turns both off.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from ..faults import report_fault
from ..settings import web_settings

PING_INTERVAL = 0.25  # seconds between two PINGs while requests come
ANSWER_WITHIN = 1.0  # the copy is set aside when Redis has not answered for this long
RETRY_AFTER = 1.0  # seconds between two attempts to subscribe
CHANNEL_KEY = "website:versions:changed"
ALL_SLOTS = b"*"


class VersionChannel:
    """One process's subscription and its copy of the versions: ``{slot: (version, read at in ms)}``."""

    def __init__(self, client: Any, name: str):
        self.pool = getattr(client, "connection_pool", None)
        self.name = name
        self.lock = threading.Lock()
        self.connection: Any = None
        self.client_id: int | None = None
        self.subscribed = False
        self.epoch = 0  # moves on every message and resubscription: entries read across a move are not kept
        self.entries: dict[int, tuple[int, int]] = {}
        self.answered_at = 0.0
        self.pinged_at = 0.0
        self.retry_at = 0.0

    def sync(self) -> int | None:
        """Read what the channel delivered; the epoch to keep versions read now under, or
        ``None`` while the channel cannot be trusted (then the copy is not used)."""
        with self.lock:
            return self._sync(time.monotonic())

    def lookup(self, slots: Iterable[int], oldest: int, floor: dict[int, int]) -> dict[int, int]:
        """The kept versions of ``slots`` read after ``oldest`` and not below ``floor`` (the
        values this process read from the database)."""
        found = {}
        for slot in slots:
            entry = self.entries.get(slot)
            if entry is not None and entry[1] >= oldest and entry[0] >= floor.get(slot, 0):
                found[slot] = entry[0]
        return found

    def keep(self, epoch: int, entries: dict[int, tuple[int, int]]) -> None:
        """Keep versions read since :meth:`sync` answered ``epoch``, unless a message arrived meanwhile."""
        with self.lock:
            if self._sync(time.monotonic()) == epoch:
                self.entries.update(entries)

    def forget(self, slots: Iterable[int] | None = None) -> None:
        """Drop ``slots`` (every slot: ``None``), e.g. those this process just bumped."""
        with self.lock:
            self._drop(slots)

    def close(self) -> None:
        with self.lock:
            self._disconnect()

    # --- the subscription ------------------------------------------------------------------

    def _sync(self, now: float) -> int | None:
        if self.connection is None and not self._subscribe(now):
            return None
        try:
            while self.connection.can_read(timeout=0):
                # push_request: RESP3 delivers messages as pushes, returned here as RESP2's replies are
                self._receive(self.connection.read_response(push_request=True), now)
            if self.subscribed and now - self.pinged_at >= PING_INTERVAL:
                self.connection.send_command("PING")
                self.pinged_at = now
        except Exception as exc:  # noqa: BLE001 - a broken channel only costs round trips
            self._disconnect()
            _channel_fault(exc)
            return None
        if not self.subscribed or now - self.answered_at > ANSWER_WITHIN:
            if self.entries:
                self._drop(None)
            return None
        return self.epoch

    def _subscribe(self, now: float) -> bool:
        if now < self.retry_at:
            return False
        self.retry_at = now + RETRY_AFTER
        connection = self.pool.connection_class(**self.pool.connection_kwargs)
        try:
            connection.connect()
            connection.send_command("CLIENT", "ID")
            self.client_id = connection.read_response()  # for CLIENT LIST/KILL when diagnosing
            connection.send_command("SUBSCRIBE", self.name)
            confirmation = connection.read_response(push_request=True)  # read now: versions kept from here on count
        except Exception as exc:  # noqa: BLE001 - Redis is down: versions are read as without the channel
            connection.disconnect()
            _channel_fault(exc)
            return False
        self.connection, self.pinged_at = connection, now
        self._receive(confirmation, now)
        return True

    def _receive(self, reply: Any, now: float) -> None:
        self.answered_at = now  # a PING's answer (``PONG`` in RESP3), a confirmation or a message
        if not isinstance(reply, list | tuple) or not reply:
            return
        kind = reply[0].decode() if isinstance(reply[0], bytes) else str(reply[0])
        if kind == "subscribe":
            self.subscribed = True
            self._drop(None)  # whatever was sent before the subscription was missed
        elif kind == "message":
            self._drop(_slots_of(reply[2]))

    def _drop(self, slots: Iterable[int] | None) -> None:
        self.epoch += 1
        if slots is None:
            self.entries.clear()
        else:
            for slot in slots:
                self.entries.pop(slot, None)

    def _disconnect(self) -> None:
        if self.connection is not None:
            self.connection.disconnect()
        self.connection, self.subscribed = None, False
        self._drop(None)


class ProcessLocalVersions(VersionChannel):
    """The copy without a channel, for Django's local-memory cache: that cache is this process's
    own, so its copies are only ever dropped by this process's writes (:meth:`forget`), and
    keeping the versions here saves unpickling them from it on every request."""

    def __init__(self) -> None:
        super().__init__(None, "")

    def _sync(self, now: float) -> int | None:
        return self.epoch


def _slots_of(payload: Any) -> list[int] | None:
    """The slots a message names (``None``: all of them, also for a payload that is not ours)."""
    raw = payload if isinstance(payload, bytes) else str(payload).encode()
    if raw == ALL_SLOTS:
        return None
    try:
        return [int(slot) for slot in raw.split(b",")]
    except ValueError:
        return None


def _channel_fault(exc: BaseException) -> None:
    report_fault("page-version-channel", "The cache's channel is unavailable: page versions are read "
                 "from the cache on every request", exc)


# --- the process's channel -------------------------------------------------------------------

_UNOPENED = object()
_process: Any = _UNOPENED  # this process's channel once opened (None: none with this cache)


def get_channel() -> VersionChannel | None:
    """This process's channel (its copy alone on Django's local-memory cache), or ``None`` with
    any other cache or ``PAGE_VERSION_CHANNEL`` off. A forked worker opens its own."""
    global _process
    if _process is _UNOPENED:
        _process = _open_channel()
    return _process


def _forget_channel() -> None:
    """In a forked child: the parent's subscription socket and copy are not this process's."""
    global _process
    _process = _UNOPENED


os.register_at_fork(after_in_child=_forget_channel)


def _open_channel() -> VersionChannel | None:
    if web_settings.PAGE_VERSION_CHANNEL and type(caches[web_settings.CACHE_ALIAS]) is LocMemCache:
        return ProcessLocalVersions()
    client = _redis_client()
    if client is None:
        return None
    return VersionChannel(client, channel_name())


def _redis_client() -> Any:
    if not web_settings.PAGE_VERSION_CHANNEL:
        return None
    cache = caches[web_settings.CACHE_ALIAS]
    get_client = getattr(getattr(cache, "client", None), "get_client", None)
    if get_client is None or type(cache).__module__.split(".")[0] != "django_redis":
        return None
    client = get_client(write=True)
    return client if hasattr(client, "connection_pool") else None


def channel_name() -> str:
    """One channel per cache key prefix and Redis database (channels are server-wide)."""
    cache = caches[web_settings.CACHE_ALIAS]
    database = _redis_client().connection_pool.connection_kwargs.get("db", 0)
    return f"{database}:{cache.make_key(f'{web_settings.CACHE_KEY_PREFIX}:{CHANNEL_KEY}')}"


def announce(slots: Iterable[int] | None) -> None:
    """Tell every process that ``slots`` (every slot: ``None``) changed; raises when Redis does not take it."""
    client = _redis_client()
    if client is not None:
        send(client, slots)


def send(client: Any, slots: Iterable[int] | None) -> int:
    """Publish ``slots`` on ``client`` and return once every subscriber can read them: the
    number of subscribers Redis counted."""
    payload = ALL_SLOTS if slots is None else ",".join(str(slot) for slot in sorted(set(slots))).encode()
    receivers = client.publish(channel_name(), payload)
    client.ping()  # answered after the message was written to every subscriber (module docstring)
    return receivers


def forget_all() -> None:
    """Drop this process's copy (tests roll the database back; version numbers come back)."""
    if _process is not _UNOPENED and _process is not None:
        _process.forget()


def on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    """Another cache or prefix: close the subscription, the next request opens the right one."""
    global _process
    if setting in ("CACHES", "FRAPPE_WEB") and _process is not _UNOPENED:
        if _process is not None:
            _process.close()
        _process = _UNOPENED
