"""The benchmark project on one backend: its database migrated and seeded, one gunicorn per side.

``BENCH_BACKEND`` (what ``benchmarks/run.py`` sets) picks the backend:

* ``postgres``: a new database next to ``TEST_DATABASE_URL``'s (dropped at the end) and
  django-redis on ``TEST_REDIS_URL`` under a key prefix of this run (its keys deleted at the end);
  ``DATABASE_URL`` / ``REDIS_URL`` when those are unset (a pytest run of the PostgreSQL suite);
* ``sqlite``: a SQLite file in a temporary folder that every server opens, and each server's
  own local-memory cache (fine: each server has one worker).

Every process is the harness's (``harness.servers.gunicorn``: one sync worker, deploy/'s
gunicorn.conf.py) and is stopped on the way out, whatever happens.
"""

from __future__ import annotations

import atexit
import dataclasses
import itertools
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from harness import servers
from harness.servers import ROOT, AppServer
from harness.site import Site, create_database, database_url, delete_keys, drop_database

SETTINGS = "benchmarks.server.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
_phases = itertools.count(1)


def backend() -> str:
    return os.environ.get("BENCH_BACKEND", "sqlite")


class Project:
    """A migrated site of the benchmark project, and the servers of its sides."""

    def __init__(self, site: Site):
        self.site = site
        self.servers: dict[str, AppServer] = {}
        self.prefixes: list[str] = []
        self.seeded: dict[str, tuple[str, ...]] = {}  # option -> the last seed run with it
        self.stale = False  # data changed under the running servers

    def seed(self, option: str, *values: str, timeout: float = 900) -> None:
        """``python -m benchmarks.server.seed <option> <values>`` with the servers' environment,
        unless that is what the database already holds; the servers restart on their next use."""
        if self.seeded.get(option) == values:
            return
        done = subprocess.run([sys.executable, "-m", "benchmarks.server.seed", option, *values],  # noqa: S603
                              cwd=ROOT, env=self.site.env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if done.returncode:
            raise RuntimeError(f"seed {option} {' '.join(values)} failed:\n{done.stdout[-2000:]}\n"
                               f"{done.stderr[-3000:]}")
        self.seeded[option] = values
        self.stale = True

    def serve(self, *sides: str) -> dict[str, AppServer]:
        """One gunicorn per side: those not running yet are started, the others kept.

        After a seed, every server restarts on a new cache key prefix: no page or route table
        cached before the data changed survives (as a bulk load would not tell our signals).
        """
        if self.stale or not self.prefixes:
            self.stop()
            self.prefixes.append(f"bench-server-{os.getpid()}-{next(_phases)}")
            self.stale = False
        for side in sides:
            if side in self.servers:
                continue
            site = dataclasses.replace(self.site, variables={**self.site.variables, "BENCH_SIDE": side,
                                                              "BENCH_KEY_PREFIX": self.prefixes[-1]})
            self.servers[side] = servers.gunicorn(site, workers=1, name=f"gunicorn-{side}")
            self.servers[side].start()
        return self.servers

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers = {}


@contextmanager
def project(on: str | None = None) -> Iterator[Project]:
    """The project on backend ``on`` (default: ``backend()``), migrated; its servers stopped and its
    data removed on exit."""
    on = on or backend()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-server-")))
        if on == "postgres":
            server_url = database_url("postgres", os.environ.get("TEST_DATABASE_URL")
                                      or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
            redis_url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
            url = create_database(server_url)
            stack.callback(drop_database, url)
            variables = {"DATABASE_URL": url, "REDIS_URL": redis_url}
        else:
            variables = {"BENCH_SQLITE": str(folder / "db.sqlite3")}
        current = Project(Site(folder, SETTINGS, variables))
        if on == "postgres":
            stack.callback(lambda: [delete_keys(redis_url, prefix) for prefix in current.prefixes])
        stack.callback(current.stop)
        current.site.migrate()
        yield current


_shared: dict[str, Project] = {}


def shared_project() -> Project:
    """One project per backend for this process, so the benchmarks ``make bench`` runs one after
    another migrate once; it is closed (servers stopped, data removed) when the process exits."""
    on = backend()
    if on not in _shared:
        context = project(on)
        _shared[on] = context.__enter__()
        atexit.register(context.__exit__, None, None, None)
    return _shared[on]
