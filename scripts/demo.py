"""``make demo``: the example project's ``runserver`` with a task worker and the scheduler beside it.

    python scripts/demo.py [ADDRESS]     (from anywhere; ADDRESS defaults to 127.0.0.1:8000)

Starts ``manage.py db_worker`` (the jobs ``frappe.enqueue`` sends to the database backend) and
``manage.py run_scheduler`` (the demo app's ``scheduler_events``) in the background, then
``runserver`` in the foreground. When runserver ends (Ctrl-C reaches all three: they share the
terminal's process group) the others are stopped too: SIGTERM, then SIGKILL if one is still
running after 10 s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "example_project"
WORKER = ["db_worker", "--queue-name", "short,default,long", "--interval", "0.5", "--no-reload"]
SCHEDULER = ["run_scheduler", "--tick", "10"]


def main(address: str = "127.0.0.1:8000") -> int:
    manage = [sys.executable, "manage.py"]
    helpers = [subprocess.Popen([*manage, *command], cwd=EXAMPLE)  # noqa: S603 - our own interpreter
               for command in (WORKER, SCHEDULER)]
    try:
        return subprocess.call([*manage, "runserver", address], cwd=EXAMPLE)  # noqa: S603
    except KeyboardInterrupt:
        return 0
    finally:
        for process in helpers:
            stop(process)


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM (a worker finishes its job first), SIGKILL after ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
