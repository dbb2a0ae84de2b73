"""A redis-server of the test's own (never the machine's), and the package's cache on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.redis_server import BINARY, RedisServer
from tests.conftest import require

SOCKET_TIMEOUT = 0.25  # seconds: what one cache call may cost while Redis is paused


@contextmanager
def private_redis(folder: Path) -> Iterator[RedisServer]:
    """A running redis-server on a free port of 127.0.0.1, in ``folder``; killed at the end.

    Skipped when redis-server is not installed, a failure under ``CI=true``."""
    require(BINARY, "needs the redis-server binary (apt-get install redis-server)")
    server = RedisServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def cache_on(server: RedisServer, ignore_exceptions: bool = False) -> dict:
    """``CACHES`` with django-redis on ``server``, with short socket timeouts."""
    return {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": server.url,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "IGNORE_EXCEPTIONS": ignore_exceptions,
                    "SOCKET_CONNECT_TIMEOUT": SOCKET_TIMEOUT, "SOCKET_TIMEOUT": SOCKET_TIMEOUT},
    }}
