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
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlparse

# Imported here, not where the clean-up needs them: the shared project is closed at interpreter
# exit, when no module can be imported any more.
import psycopg
import redis  # noqa: F401 - harness.site.delete_keys imports it

from benchmarks.common import backend
from benchmarks.server.compare import Timing
from harness import servers
from harness.servers import ROOT, AppServer
from harness.site import Site, create_database, database_url, delete_keys, drop_database

SETTINGS = "benchmarks.server.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
_phases = itertools.count(1)


class Project:
    """A migrated site of the benchmark project, copies of its database, and the servers of its sides.

    Servers are keyed by ``(side, database)``: a benchmark may serve the same sides on two
    databases at once (10 and 10,000 redirect rules) and alternate between all of them.
    """

    def __init__(self, site: Site, on: str, stack: ExitStack):
        self.on = on
        self.stack = stack
        self.sites: dict[str, Site] = {"default": site}
        self.servers: dict[tuple[str, str], AppServer] = {}
        self.prefixes: list[str] = []  # cache key prefixes used, deleted at the end
        self.phase = ""  # the current servers' part of their prefixes
        self.seeded: dict[tuple[str, str], tuple[str, ...]] = {}  # (database, option) -> its last values
        self.stale = False  # data changed under the running servers

    @property
    def site(self) -> Site:
        return self.sites["default"]

    def copy_database(self, name: str) -> None:
        """Database ``name``: a copy of the default one as it is now (migrated and seeded so far)."""
        if name in self.sites:
            return
        self.stop()  # PostgreSQL copies a template database only while nobody is connected to it
        source = self.site.variables
        if self.on == "postgres":
            url = source["DATABASE_URL"]
            copy = f"{urlparse(url).path.lstrip('/')}_{name}"
            with psycopg.connect(database_url("postgres", url), connect_timeout=5, autocommit=True) as conn:
                conn.execute(f'create database "{copy}" template "{urlparse(url).path.lstrip("/")}"')
            variables = {"DATABASE_URL": database_url(copy, url)}
            self.stack.callback(drop_database, variables["DATABASE_URL"])
        else:
            variables = {"BENCH_SQLITE": str(Path(source["BENCH_SQLITE"]).with_name(f"{name}.sqlite3"))}
            shutil.copyfile(source["BENCH_SQLITE"], variables["BENCH_SQLITE"])
        self.sites[name] = dataclasses.replace(self.site, variables={**source, **variables})
        self.seeded.update({(name, option): values for (database, option), values in list(self.seeded.items())
                            if database == "default"})

    def seed(self, option: str, *values: str, database: str = "default", timeout: float = 900) -> None:
        """``python -m benchmarks.server.seed <option> <values>`` on ``database``, unless that is
        what it already holds; the servers restart on their next use."""
        if self.seeded.get((database, option)) == values:
            return
        done = subprocess.run([sys.executable, "-m", "benchmarks.server.seed", option, *values],  # noqa: S603
                              cwd=ROOT, env=self.sites[database].env, capture_output=True, text=True,
                              timeout=timeout, check=False)
        if done.returncode:
            raise RuntimeError(f"seed {option} {' '.join(values)} failed:\n{done.stdout[-2000:]}\n"
                               f"{done.stderr[-3000:]}")
        self.seeded[database, option] = values
        self.stale = True

    def serve(self, *sides: str, database: str = "default") -> dict[str, AppServer]:
        """One gunicorn per side on ``database`` (``{side: server}``): those not running yet are
        started, the others kept.

        After a seed, every server restarts on a new cache key prefix (one per database): no
        page or route table cached before the data changed survives, as a bulk load would not
        tell our signals.
        """
        if self.stale or not self.phase:
            self.stop()
            self.phase = f"bench-server-{os.getpid()}-{next(_phases)}"
            self.stale = False
        prefix = f"{self.phase}-{database}"
        if prefix not in self.prefixes:
            self.prefixes.append(prefix)
        for side in sides:
            if (side, database) in self.servers:
                continue
            site = self.sites[database]
            site = dataclasses.replace(site, variables={**site.variables, "BENCH_SIDE": side,
                                                        "BENCH_KEY_PREFIX": prefix})
            server = servers.gunicorn(site, workers=1, name=f"gunicorn-{side}-{database}")
            self.servers[side, database] = server
            server.start()
        return {side: server for (side, on), server in self.servers.items() if on == database}

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers = {}
        self.phase = ""


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
            variables = {"BENCH_SQLITE": str(folder / "default.sqlite3")}
        current = Project(Site(folder, SETTINGS, variables), on, stack)
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


def run_shared(run: Callable[[Project, Timing], list[str]]) -> list[str]:
    """A server benchmark's ``main()``: ``run`` on this process's project, timed as the environment
    says (``BENCH_SECONDS``, ``BENCH_ROUNDS``), its lines printed."""
    lines = run(shared_project(), Timing.from_env())
    print("\n".join(lines))
    return lines
