"""A throwaway ``redis-server`` for fault tests and runs: its own port on 127.0.0.1 and its own folder.

It can be stopped (saving its data to disk or not), started again (loading what was saved),
and paused with SIGSTOP. Never the machine's Redis: the port is chosen free at run time.
Every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from harness.servers import free_port

BINARY = shutil.which("redis-server")


class RedisServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.paused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        # No retries: a SHUTDOWN must not be sent again (with backoff) to the server it just stopped.
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2,
                           retry=Retry(NoBackoff(), 0))

    def start(self) -> None:
        """Start (again), loading ``dump.rdb`` if a stop saved one."""
        assert BINARY, "redis-server is not installed"
        args = [BINARY, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.folder),
                "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no", "--protected-mode", "yes",
                "--daemonize", "no", "--logfile", str(self.folder / "redis.log")]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"redis-server did not answer on port {self.port} within 10 s")

    def stop(self, keep_data: bool) -> None:
        """Shut down; with ``keep_data`` its data are saved to disk and come back on :meth:`start`."""
        if not keep_data:
            (self.folder / "dump.rdb").unlink(missing_ok=True)
        try:
            self.client().shutdown(save=keep_data, nosave=not keep_data)
        except redis.ConnectionError:
            pass  # the server closes the connection as it exits
        self._wait()

    def pause(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)
        self.paused = False

    def kill(self) -> None:
        if self.process is None:
            return
        if self.paused:
            self.resume()
        if self.process.poll() is None:
            self.process.kill()
        self._wait()

    def _wait(self) -> None:
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            self.process = None
