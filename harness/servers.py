"""Real processes of a site: app servers (gunicorn, uvicorn) and ``manage.py`` commands (worker, scheduler).

Each runs as a child of the caller, in its own process group, with its output in a log file:

* ``start()`` starts it and waits, bounded, until it is ready (an app server answers
  ``/api/method/ping``; a command has simply not exited after its grace period);
* ``stop()`` sends SIGTERM and, after a bounded wait, SIGKILL; ``kill()`` sends SIGKILL at once
  (fault tests: a worker killed mid-request);
* ``with gunicorn(site) as server:`` starts and always stops.

Nothing here reads a setting: the :class:`harness.site.Site` gives the environment.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from harness.site import Site

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_project"
BIN = Path(sys.executable).parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
PING = "/api/method/ping"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProcessFailed(RuntimeError):
    """A process did not become ready in time, or exited; the message ends with its log."""


class Process:
    """A long-running child process, its log in ``log_path``; ready when ``is_ready()`` says so."""

    def __init__(self, name: str, args: Sequence[str], *, env: dict[str, str], log_path: Path,
                 cwd: Path = EXAMPLE, ready_timeout: float = 60.0, grace: float = 1.0):
        self.name = name
        self.args = [str(arg) for arg in args]
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.ready_timeout = ready_timeout
        self.grace = grace  # seconds a command must keep running to count as started
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} pid={self.pid}>"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> Self:
        """Launch and wait until ready (killed again when it is not, in time)."""
        self.launch()
        try:
            self.wait_ready()
        except BaseException:
            self.kill()
            raise
        return self

    def launch(self) -> Self:
        """Start without waiting: launch several, then ``wait_ready()`` each."""
        if self.running:
            return self
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.started_at = time.monotonic()
        with open(self.log_path, "ab") as log:
            # Its own process group: stop() reaches the workers a master forked, even if it died first.
            self.process = subprocess.Popen(self.args, cwd=self.cwd, env=self.env, stdout=log,  # noqa: S603
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        return self

    def is_ready(self) -> bool:
        """Whether the started process serves; by default: alive for ``grace`` seconds."""
        return self.process is not None and time.monotonic() - self.started_at >= self.grace

    def wait_ready(self, timeout: float | None = None) -> None:
        timeout = self.ready_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            if not self.running:
                raise ProcessFailed(f"{self.name} exited (code {self.process and self.process.returncode}):\n"
                                    f"{self.log_tail()}")
            if self.is_ready():
                return
            if time.monotonic() > deadline:
                raise ProcessFailed(f"{self.name} not ready after {timeout} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds; returns the exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(timeout=5)
        self._signal_group(signal.SIGKILL)  # leftovers of the group (workers of a killed master)
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL to the process and every process of its group, at once."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def children(self) -> list[int]:
        """Pids whose parent is this process (gunicorn's and uvicorn's workers)."""
        if not self.running:
            return []
        return sorted(child for child, parent in process_parents().items() if parent == self.pid)

    def descendants(self) -> list[int]:
        """Every process started by this one and by them, also those in sessions of their own."""
        if self.process is None:
            return []
        parents = process_parents()
        found, frontier = [], {self.process.pid}
        while frontier:
            frontier = {child for child, parent in parents.items() if parent in frontier}
            found += frontier
        return sorted(found)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _signal_group(self, signum: int) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def process_parents() -> dict[int, int]:
    """``{pid: parent pid}`` of every process, from /proc (each stat's fourth field is its parent)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


class AppServer(Process):
    """An HTTP server of the site on ``127.0.0.1:port``; ready once Django answers ``/api/method/ping``
    (200, or the redirect to HTTPS of a site with ``SECURE_SSL_REDIRECT``)."""

    def __init__(self, name: str, args: Sequence[str], *, port: int, **kwargs):
        super().__init__(name, args, **kwargs)
        self.port = port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def is_ready(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", PING)
            return connection.getresponse().status in (200, 301)
        except OSError:
            return False
        finally:
            connection.close()


def gunicorn(site: Site, *, workers: int = 1, threads: int = 1, port: int | None = None,
             config: Path | None = GUNICORN_CONFIG, timeout: int = 60, extra: Sequence[str] = (),
             name: str = "gunicorn") -> AppServer:
    """gunicorn serving the site's WSGI application (sync workers; gthread when ``threads`` > 1).

    ``config`` is deploy/gunicorn.conf.py by default, so the tests run the configuration users
    copy; the arguments given here override it.
    """
    port = port or free_port()
    args = [BIN / "gunicorn", "example_project.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout),
            "--graceful-timeout", "5", "--chdir", EXAMPLE]
    if config is not None and config.exists():
        args[1:1] = ["--config", config]
    return AppServer(name, [*args, *extra], port=port, env=site.env, log_path=site.log(name))


def uvicorn(site: Site, *, workers: int = 1, port: int | None = None, extra: Sequence[str] = (),
            name: str = "uvicorn") -> AppServer:
    """uvicorn serving the site's ASGI application (example_project/example_project/asgi.py)."""
    port = port or free_port()
    args = [BIN / "uvicorn", "example_project.asgi:application", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--app-dir", EXAMPLE, "--no-access-log", "--timeout-graceful-shutdown", "5",
            *extra]
    # Under ASGI, Django's advice: no persistent connections, the driver's pool instead (production.py).
    return AppServer(name, args, port=port, env={**site.env, "DATABASE_POOL": "1"}, log_path=site.log(name))


def manage_process(site: Site, *command: str, name: str | None = None, grace: float = 2.0,
                   ready: Callable[[Process], bool] | None = None) -> Process:
    """``manage.py <command>`` as a long-running process (``db_worker``, a scheduler).

    Ready once it has run ``grace`` seconds without exiting, or when ``ready(process)`` is true
    (e.g. a line in its log).
    """
    name = name or command[0]
    process = Process(name, [sys.executable, "manage.py", *command], env=site.env, log_path=site.log(name),
                      grace=grace)
    if ready is not None:
        process.is_ready = lambda: ready(process)  # type: ignore[method-assign]
    return process


def rss_kb(pid: int) -> int:
    """Resident set size of ``pid`` in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
