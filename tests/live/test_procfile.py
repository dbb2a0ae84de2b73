"""deploy/Procfile's processes start as written on the live site (the systemd units run the same
commands: tests/test_deploy.py): the WSGI and ASGI servers answer, the worker and the scheduler keep
running."""

from __future__ import annotations

import os

import pytest

from harness.servers import BIN, EXAMPLE, AppServer, Process, free_port
from tests.test_deploy import procfile

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]


def test_each_procfile_process_starts_on_the_live_site(live):
    commands = procfile()
    started = []
    try:
        for name, command in commands.items():
            port = free_port()
            env = {**live.site.env, "PORT": str(port), "WEB_CONCURRENCY": "1",
                   "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
            kind, extra = (AppServer, {"port": port}) if name in ("web", "asgi") else (Process, {})
            process = kind(f"procfile-{name}", ["bash", "-c", command], env=env,
                           log_path=live.site.log(f"procfile-{name}"), cwd=EXAMPLE, grace=3, **extra)
            started.append(process.launch())
        for process in started:
            process.wait_ready()

        assert all(process.running for process in started)
    finally:
        for process in started:
            process.stop()
    assert [process.name for process in started] == [f"procfile-{name}" for name in ("web", "asgi", "worker",
                                                                                   "scheduler")]
