"""``make demo``: the example project's ``runserver`` with a task worker beside it.

    python scripts/demo.py [ADDRESS]     (from anywhere; ADDRESS defaults to 127.0.0.1:8000)

Starts ``manage.py db_worker`` (the jobs ``frappe.enqueue`` sends to the database backend) in
the background, then ``runserver`` in the foreground. When runserver ends (Ctrl-C reaches both:
they share the terminal's process group) the worker is stopped too: SIGTERM, then SIGKILL if it
is still running after 10 s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "example_project"
WORKER = ["db_worker", "--queue-name", "short,default,long", "--interval", "0.5", "--no-reload"]


def main(address: str = "127.0.0.1:8000") -> int:
    manage = [sys.executable, "manage.py"]
    worker = subprocess.Popen([*manage, *WORKER], cwd=EXAMPLE)  # noqa: S603 - our own interpreter
    try:
        return subprocess.call([*manage, "runserver", address], cwd=EXAMPLE)  # noqa: S603
    except KeyboardInterrupt:
        return 0
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
