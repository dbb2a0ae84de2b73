"""The load and fault tests' site (marker ``load``): real servers of its own, shared by the package.

``load`` starts, once for tests/load, a private PostgreSQL cluster and a private redis-server
(free ports, own folders: the tests stop, pause and restart them), the example project's
production settings with :mod:`loadtest.site_settings` on them, migrated and seeded, and two app
servers: gunicorn (two sync workers) and uvicorn (one worker). Every test leaves every service
running (``restore``) and its servers answering, whatever it did to them.

They run in the PostgreSQL + Redis suite only (markers ``postgres`` and ``redis``): the site is
the same in both suites, so running it twice would only double the time.
"""

from __future__ import annotations

import os

import pytest

from harness.postgres_server import AVAILABLE
from harness.redis_server import BINARY
from loadtest.site import LoadSite, load_site, restore

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="package")
def load(tmp_path_factory):
    missing = [name for name, found in (("PostgreSQL 15's initdb", AVAILABLE), ("redis-server", BINARY)) if not found]
    if missing:
        if CI:
            pytest.fail(f"{', '.join(missing)} missing and CI=true")
        pytest.skip(f"needs {', '.join(missing)}")
    with load_site(tmp_path_factory.mktemp("load-site")) as site:
        yield site


@pytest.fixture
def site(load: LoadSite):
    """The shared site, with every service and server running again after the test."""
    yield load
    restore(load)
    for server in load.servers.values():
        if not server.running:
            server.start()
        server.wait_ready(timeout=30)
