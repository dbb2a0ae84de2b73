"""A site for real processes: settings module, database, cache and data folder, given as environment.

* :class:`Site`: the environment every process of one site runs with (``env``), its folder of
  logs and files, ``manage()``, ``migrate()`` and ``prepare()`` (migrate, seed and API tokens in one process);
* :func:`postgres_site`: the example project's production settings
  (``example_project.production``) on a throwaway PostgreSQL database and a Redis key prefix of
  its own, migrated and seeded; the database is dropped and the keys deleted at the end;
* :func:`create_database` / :func:`drop_database`: a database ``frappe_live_<pid>_<n>`` on the
  machine's PostgreSQL, and :func:`drop_stale_databases` for those of runs that died.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

from harness.servers import EXAMPLE, ROOT

POSTGRES_URL = os.environ.get("LIVE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("LIVE_REDIS_URL") or os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
PRODUCTION = "example_project.production"
DATABASE_PREFIX = "frappe_live_"
_numbers = itertools.count(1)

# Variables of the caller's environment that would point a process at another site.
SITE_VARIABLES = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "DEMO_DATABASE", "SECRET_KEY",
                  "CACHE_KEY_PREFIX", "DATA_DIR", "ALLOWED_HOSTS", "EXTRA_INSTALLED_APPS", "FILE_SENDFILE")


@dataclass
class Site:
    """Everything a process needs to be one of the site's processes.

    ``variables`` are the site's settings (e.g. ``DATABASE_URL``); ``env`` adds them to the
    caller's environment, with the repository and the example project on ``PYTHONPATH``.
    """

    folder: Path
    settings_module: str = PRODUCTION
    variables: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # "admin", "alice": Authorization values, once seeded

    @property
    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in SITE_VARIABLES}
        env.update({"DJANGO_SETTINGS_MODULE": self.settings_module, "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": os.pathsep.join([str(ROOT), str(EXAMPLE)]), **self.variables})
        return env

    def log(self, name: str) -> Path:
        """The log file of the site's process ``name`` (several starts append to it)."""
        return self.folder / "logs" / f"{name}.log"

    def manage(self, *args: str, timeout: float = 180) -> str:
        """Run ``manage.py <args>`` to its end; its standard output, or ``RuntimeError`` with its errors."""
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=EXAMPLE, env=self.env,  # noqa: S603
                                capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    def commands(self, *commands: Sequence[str], timeout: float = 300) -> str:
        """Several ``manage.py`` commands in one process (``call_command`` each, in order): Django
        starts once, which is most of a short command's time on a busy machine. Their output."""
        script = ("from django.core.management import call_command\n"
                  f"for args in {[list(map(str, command)) for command in commands]!r}:\n"
                  "    call_command(*args)\n")
        return self.manage("shell", "--no-imports", "-c", script, timeout=timeout)

    def prepare(self, seed: bool = True, *extra: Sequence[str]) -> None:
        """Migrate, seed (``seed_demo`` and an API key for alice: ``tokens``), then ``extra`` commands
        (e.g. ``["collectstatic", "--noinput"]``), all in one process."""
        seeding = [["seed_demo"], ["generate_api_key", "alice"]] if seed else []
        printed = self.commands(["migrate", "--verbosity", "0"], *seeding, *extra)
        if seed:
            self.tokens = {"admin": token(printed, r"api_key (\S+)\s+api_secret (\S+)"),
                           "alice": token(printed, r"api_key: (\S+)\s+api_secret: (\S+)")}

    def migrate(self) -> None:
        self.manage("migrate", "-v0")


def token(printed: str, pattern: str) -> str:
    """``token key:secret`` from a command's output (``seed_demo``'s or ``generate_api_key``'s line)."""
    key, secret = re.search(pattern, printed).groups()
    return f"token {key}:{secret}"


def database_url(name: str, server_url: str = POSTGRES_URL) -> str:
    return urlunparse(urlparse(server_url)._replace(path=f"/{name}"))


def postgres_url_of(settings_dict: dict, name: str | None = None) -> str:
    """The URL of a Django ``DATABASES`` entry on PostgreSQL, of its database or of ``name``."""
    db = settings_dict
    credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name or db['NAME']}"


def create_database(server_url: str = POSTGRES_URL) -> str:
    """A new empty database ``frappe_live_<pid>_<n>`` on the server; its URL."""
    import psycopg

    name = f"{DATABASE_PREFIX}{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(server_url, connect_timeout=5, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    return database_url(name, server_url)


def drop_database(url: str) -> None:
    """Drop the database of ``url``, closing the connections processes left open."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    server_url = database_url("postgres", url)
    with psycopg.connect(server_url, connect_timeout=5, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def drop_stale_databases(server_url: str = POSTGRES_URL) -> list[str]:
    """Drop ``frappe_live_<pid>_<n>`` databases whose process is gone (a run that was killed)."""
    import psycopg

    dropped = []
    with psycopg.connect(server_url, connect_timeout=5, autocommit=True) as conn:
        rows = conn.execute("select datname from pg_database where datname ~ %s",
                            [f"^{DATABASE_PREFIX}[0-9]+_[0-9]+$"]).fetchall()
        for (name,) in rows:
            pid = name[len(DATABASE_PREFIX):].split("_")[0]
            if not Path(f"/proc/{pid}").exists():
                conn.execute(f'drop database if exists "{name}" with (force)')
                dropped.append(name)
    return dropped


def delete_keys(redis_url: str, prefix: str) -> None:
    """Delete every key of the site (``KEY_PREFIX``) in a Redis other sites may share: never FLUSHDB."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start:start + 500])


@contextmanager
def sqlite_site(folder: Path, settings_module: str, *, seed: bool = True, **variables: str) -> Iterator[Site]:
    """A site on a SQLite file in ``folder`` (``DEMO_DATABASE``) with ``settings_module``, migrated (and seeded)."""
    folder.mkdir(parents=True, exist_ok=True)
    site = Site(folder, settings_module, {"DEMO_DATABASE": str(folder / "db.sqlite3"), **variables})
    site.prepare(seed)
    yield site


@contextmanager
def postgres_site(folder: Path, *, redis_url: str = REDIS_URL, postgres_url: str = POSTGRES_URL,
                  seed: bool = True, settings_module: str = PRODUCTION, setup: Sequence[Sequence[str]] = (),
                  **variables: str) -> Iterator[Site]:
    """The example project's production settings on a new database, migrated (and seeded), then the
    ``setup`` commands (e.g. ``[["collectstatic", "--noinput"]]``), all in one process.

    Plain HTTP on loopback (``SITE_HTTPS=0``); ``variables`` add or override settings
    variables (e.g. ``EXTRA_INSTALLED_APPS``). ``site.tokens`` holds the seeded API tokens.
    ``settings_module`` may be a module that imports the production settings and changes a few
    (the load runs' ``loadtest.site_settings``).
    """
    try:
        drop_stale_databases(postgres_url)  # left by runs that were killed; housekeeping only
    except Exception:  # noqa: BLE001, S110 - never fail a run for it
        pass
    url = create_database(postgres_url)
    prefix = f"live-{urlparse(url).path.lstrip('/')}"
    for sub in ("logs", "media", "private/files", "backups", "static"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    site = Site(folder, settings_module, {
        "SECRET_KEY": "live-site-only-not-a-secret-" + "x" * 40,
        "DATABASE_URL": url, "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": prefix,
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_HTTPS": "0", "DATA_DIR": str(folder),
        **variables,
    })
    try:
        site.prepare(seed, *setup)
        yield site
    finally:
        try:
            drop_database(url)
        finally:
            delete_keys(redis_url, prefix)
