"""A private PostgreSQL 15 cluster for fault tests: its own folder, its own port on 127.0.0.1.

Never the machine's PostgreSQL: tests may stop this one (``pg_ctl stop -m immediate``, as a crash
would) and start it again. ``initdb`` and the server refuse to run as root, so as root they run
as the ``postgres`` system user (``runuser``), in a folder of its own under the temp directory.
Every wait is bounded.

    with PostgresServer() as server:
        url = server.create_database("site")   # postgres://postgres@127.0.0.1:<port>/site
        server.stop(mode="immediate"); server.start()
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

from harness.servers import free_port

BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
AVAILABLE = (BIN / "initdb").exists() and (BIN / "pg_ctl").exists()


class PostgresServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="frappe-pg-"))
        self.data = self.folder / "data"
        self.log_path = self.folder / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.initialised = False

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        """``initdb``: a new cluster, trust authentication on 127.0.0.1, superuser ``postgres``."""
        self._run(BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-instructions", timeout=120)
        self.initialised = True

    def start(self, timeout: int = 30) -> None:
        if not self.initialised:
            self.init()
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
                   " -c fsync=off -c full_page_writes=off -c max_connections=100")
        self._run(BIN / "pg_ctl", "-D", self.data, "-l", self.log_path, "-o", options, "-w", "-t", str(timeout),
                  "start", timeout=timeout + 10)

    def stop(self, mode: str = "fast", timeout: int = 30) -> None:
        """``pg_ctl stop -m <mode>``: ``fast`` (a clean shutdown) or ``immediate`` (as if it crashed)."""
        if self.running:
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", str(timeout), "stop",
                      timeout=timeout + 10)

    @property
    def pid(self) -> int | None:
        """The postmaster's pid while it runs."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError, IndexError):
            return None

    @property
    def running(self) -> bool:
        return self.pid is not None

    def kill(self) -> None:
        """SIGKILL the postmaster (its backends exit once they notice)."""
        if (pid := self.pid) is not None:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while self.running and time.monotonic() < deadline:
                time.sleep(0.05)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), connect_timeout=5, autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        return self.url(name)

    def terminate_connections(self, database: str) -> int:
        """``pg_terminate_backend`` on every connection to ``database``; how many were ended."""
        import psycopg

        with psycopg.connect(self.url(), connect_timeout=5, autocommit=True) as conn:
            rows = conn.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                                "where datname = %s and pid <> pg_backend_pid()", [database]).fetchall()
        return len(rows)

    def cleanup(self) -> None:
        """Stop (immediately) and remove the cluster's folder."""
        try:
            self.stop(mode="immediate")
        except (subprocess.SubprocessError, RuntimeError):
            self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.cleanup()

    def _run(self, *args, timeout: int) -> None:
        result = subprocess.run([*self.as_user, *map(str, args)], capture_output=True, text=True,  # noqa: S603
                                timeout=timeout, check=False)
        if result.returncode != 0:
            log = self.log_path.read_text(errors="replace")[-2000:] if self.log_path.exists() else ""
            raise RuntimeError(f"{Path(str(args[0])).name} failed ({result.returncode}): "
                               f"{result.stdout[-1000:]}{result.stderr[-2000:]}\n{log}")
