"""The example project, run as a visitor meets it: fixtures shared by its browser tests.

``example_site`` migrates and seeds a throw-away copy of the demo database (``DEMO_DATABASE``),
starts ``runserver`` on a free loopback port and yields its URL (one server per test module,
so the modules never see each other's data); ``example_database`` is that database's path
(read it with ``sqlite3``); ``example_worker`` runs ``manage.py db_worker`` beside that server,
as ``make demo`` does; ``browser_page`` is a page in headless Debian Chromium.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.servers import EXAMPLE, AppServer, Process, free_port
from tests.conftest import CHROMIUM, CHROMIUM_ARGS


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=EXAMPLE, env=env, check=True,
                          capture_output=True, text=True, timeout=120, **kwargs)


def demo_environment(database: Path) -> dict[str, str]:
    """The example project's own settings, on the throw-away ``database``."""
    env = {**os.environ, "DEMO_DATABASE": str(database)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="module")
def example_database(tmp_path_factory) -> Path:
    """The path of the demo database the module's server uses (tests may read it with sqlite3)."""
    return tmp_path_factory.mktemp("demo") / "db.sqlite3"


@pytest.fixture(scope="module")
def example_site(example_database):
    env = demo_environment(example_database)
    manage(env, "migrate", "-v0")
    seeded = manage(env, "seed_demo")
    assert "admin login: admin / admin" in seeded.stdout
    port = free_port()
    with AppServer("runserver", [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                   port=port, env=env, log_path=example_database.parent / "runserver.log") as server:
        yield server.url


@pytest.fixture(scope="module")
def example_worker(example_site, example_database):
    """The demo's task worker (scripts/demo.py's command line) on the module's database."""
    from scripts.demo import WORKER

    with Process("worker", [sys.executable, "manage.py", *WORKER], env=demo_environment(example_database),
                 log_path=example_database.parent / "worker.log") as worker:
        yield worker


@pytest.fixture
def browser_page():
    if not CHROMIUM:
        pytest.skip("needs Chromium: none at /usr/bin/chromium or on PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()
