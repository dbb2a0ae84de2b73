"""The site a load or fault run drives: private PostgreSQL and Redis servers, gunicorn and uvicorn.

Built only from the harness's pieces (harness/): the PostgreSQL cluster and the redis-server are
this run's own, on free ports, so a run may stop, pause and restart them; the app servers run
the production settings with :mod:`loadtest.site_settings`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from harness import servers
from harness.postgres_server import PostgresServer
from harness.redis_server import RedisServer
from harness.servers import AppServer, rss_kb
from harness.site import Site, postgres_site

SETTINGS = "loadtest.site_settings"


@dataclass
class LoadSite:
    site: Site
    postgres: PostgresServer
    redis: RedisServer
    servers: dict[str, AppServer] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return self.site.variables["DATABASE_URL"]

    @property
    def database_name(self) -> str:
        return self.database_url.rsplit("/", 1)[1]

    @property
    def urls(self) -> list[str]:
        return [server.url for server in self.servers.values()]

    @property
    def token(self) -> str:
        """admin's API token as ``key:secret`` (the mix adds the ``token`` scheme)."""
        return self.site.tokens["admin"].removeprefix("token ")

    def workers(self, name: str) -> list[int]:
        """The pids serving requests: a master's workers, or the server itself when it has none
        (never the resource tracker that multiprocessing starts beside uvicorn's workers)."""
        server = self.servers[name]
        children = [pid for pid in server.children() if b"resource_tracker" not in cmdline(pid)]
        return children or ([server.pid] if server.running and server.pid else [])

    def rss(self) -> dict[str, dict[int, int]]:
        """KiB of resident memory of every worker of every server."""
        return {name: {pid: rss_kb(pid) for pid in self.workers(name)} for name in self.servers}


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@contextlib.contextmanager
def load_site(folder: Path, *, gunicorn_workers: int = 2, uvicorn_workers: int = 1,
              **variables: str) -> Iterator[LoadSite]:
    """Start everything, yield it, and stop everything (also when the body raises).

    ``variables`` go to the site's environment (e.g. ``LOAD_TRACEMALLOC``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    redis = RedisServer(folder / "redis-data")
    (folder / "redis-data").mkdir(exist_ok=True)
    # Stopped in the reverse order: servers, every service back (the site's clean-up needs its
    # database and Redis), the site, Redis, PostgreSQL.
    with contextlib.ExitStack() as stack:
        postgres = stack.enter_context(PostgresServer())
        redis.start()
        stack.callback(redis.kill)
        site = stack.enter_context(postgres_site(folder / "site", postgres_url=postgres.url(), redis_url=redis.url,
                                                 settings_module=SETTINGS, **variables))
        load = LoadSite(site, postgres, redis)
        stack.callback(restore, load)
        load.servers = {"gunicorn": stack.enter_context(servers.gunicorn(site, workers=gunicorn_workers, timeout=30)),
                        "uvicorn": stack.enter_context(servers.uvicorn(site, workers=uvicorn_workers))}
        yield load


def restore(load: LoadSite) -> None:
    """Every service running again, after a fault run that may have stopped or paused one."""
    if load.redis.paused:
        load.redis.resume()
    if load.redis.process is None:
        load.redis.start()
    if not load.postgres.running:
        load.postgres.start()
