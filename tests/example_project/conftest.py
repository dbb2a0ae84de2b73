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
import time
import urllib.request
from pathlib import Path

import pytest

from harness.servers import EXAMPLE, free_port
from tests.conftest import CHROMIUM, CHROMIUM_ARGS


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=EXAMPLE, env=env, check=True,
                          capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def example_database(tmp_path_factory) -> Path:
    """The path of the demo database the module's server uses (tests may read it with sqlite3)."""
    return tmp_path_factory.mktemp("demo") / "db.sqlite3"


@pytest.fixture(scope="module")
def example_site(example_database):
    env = {**os.environ, "DEMO_DATABASE": str(example_database)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "migrate", "-v0")
    seeded = manage(env, "seed_demo")
    assert "admin login: admin / admin" in seeded.stdout
    port = free_port()
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                              cwd=EXAMPLE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 10 s for the server to answer
            try:
                urllib.request.urlopen(f"{url}/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            server.terminate()
            pytest.fail(f"the example project did not start: {server.stderr.read()[-2000:]}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def example_worker(example_site, example_database):
    """The demo's task worker (scripts/demo.py's command line) on the module's database."""
    from scripts.demo import WORKER

    env = {**os.environ, "DEMO_DATABASE": str(example_database)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    worker = subprocess.Popen([sys.executable, "manage.py", *WORKER], cwd=EXAMPLE, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


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
