"""``SESSION_ENGINE = "django_frappe_web.cached_db_sessions"``: Django's cached database sessions,
with the cache an optimisation only.

Django's ``cached_db`` engine survives a cache that answers ``None``, but not one that raises (as
django-redis does without ``IGNORE_EXCEPTIONS``): ``load()`` catches the read's error, reads the
database, then fills the cache without catching, and ``exists()`` and ``delete()`` never catch --
so while Redis is down every logged-in request was a 500, and so was logging out (measured under
load, tests/load/test_faults.py). Here every cache call of the session store follows the site's
fault rule (:mod:`.faults`): an outage is logged once a minute and the database, which holds every
session anyway, answers. Sessions live in the database, so nobody is logged out either.

One limit, documented in docs/load-and-faults.md: a session ended (logout) while the cache could
not be reached stays in a cache that comes back with its old data (a Redis restarted from its dump)
until it expires.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import cached_db

from .faults import report_fault

FAULT = "session-cache"
MESSAGE = "The cache is unavailable: sessions are read from and written to the database only"


class FaultTolerantCache:
    """The few cache calls a session store makes, each answering as a miss when the cache fails."""

    def __init__(self, cache: Any):
        self.cache = cache

    def _failed(self, exc: Exception) -> None:
        report_fault(FAULT, MESSAGE, exc)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self.cache.get(key, default)
        except Exception as exc:  # noqa: BLE001 - any cache failure: the database has the session
            self._failed(exc)
            return default

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        try:
            self.cache.set(key, value, timeout)
        except Exception as exc:  # noqa: BLE001 - the session is saved in the database already
            self._failed(exc)

    def delete(self, key: str) -> None:
        try:
            self.cache.delete(key)
        except Exception as exc:  # noqa: BLE001 - the session is deleted from the database already
            self._failed(exc)

    def __contains__(self, key: str) -> bool:
        try:
            return key in self.cache
        except Exception as exc:  # noqa: BLE001 - exists() asks the database next
            self._failed(exc)
            return False

    async def aget(self, key: str, default: Any = None) -> Any:
        try:
            return await self.cache.aget(key, default)
        except Exception as exc:  # noqa: BLE001 - as get()
            self._failed(exc)
            return default

    async def aset(self, key: str, value: Any, timeout: Any = None) -> None:
        try:
            await self.cache.aset(key, value, timeout)
        except Exception as exc:  # noqa: BLE001 - as set()
            self._failed(exc)

    async def adelete(self, key: str) -> None:
        try:
            await self.cache.adelete(key)
        except Exception as exc:  # noqa: BLE001 - as delete()
            self._failed(exc)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None):
        super().__init__(session_key)
        self._cache = FaultTolerantCache(self._cache)
