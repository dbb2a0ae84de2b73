"""One site, several real processes: the live suite (marker ``live``).

``live`` starts, once for the package, the example project's production settings
(``example_project.production``) on a throwaway database of the suite's PostgreSQL and a key
prefix of its own in the suite's Redis, migrated and seeded, served by

* ``a``: gunicorn, two sync workers (WSGI);
* ``b``: uvicorn, one worker (ASGI);
* ``worker``: ``manage.py db_worker`` (django-tasks-db, the example project's ``TASKS`` backend);
* ``scheduler``: ``manage.py run_scheduler --tick 1`` (the probe app's event is due every minute);

with the probe app ``harness.liveapp`` installed. It runs in the PostgreSQL + Redis suite only
(markers ``postgres`` and ``redis``: skipped elsewhere, and ``make test`` fails under CI=true when
those servers are unreachable).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pytest
import requests
from django.conf import settings
from requests.adapters import HTTPAdapter

from harness import servers
from harness.servers import AppServer, Process
from harness.site import Site, postgres_site, postgres_url_of

TIMEOUT = 10  # seconds any one request may take
T = TypeVar("T")


@dataclass
class Live:
    site: Site
    a: AppServer
    b: AppServer
    worker: Process
    scheduler: Process

    @property
    def servers(self) -> tuple[AppServer, AppServer]:
        return self.a, self.b


def suite_postgres_url() -> str:
    """The suite's PostgreSQL server (its ``postgres`` database: the live site creates its own)."""
    return postgres_url_of(settings.DATABASES["default"], "postgres")


@pytest.fixture(scope="package")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live-site")
    with postgres_site(folder, postgres_url=suite_postgres_url(), redis_url=settings.CACHES["default"]["LOCATION"],
                       EXTRA_INSTALLED_APPS="harness.liveapp") as site:
        with servers.gunicorn(site, workers=2, name="a-gunicorn") as a, servers.uvicorn(site, name="b-uvicorn") as b:
            worker = servers.manage_process(site, "db_worker", "--queue-name", "*", "--interval", "0.2", name="worker")
            scheduler = servers.manage_process(site, "run_scheduler", "--tick", "1", name="scheduler",
                                               ready=lambda process: "scheduled events" in process.log_tail())
            with worker, scheduler:
                yield Live(site, a, b, worker, scheduler)


class FromAddress(HTTPAdapter):
    """Connections from another loopback address (127.0.0.2...): a client with counters of its own."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def browser(address: str = "127.0.0.1") -> requests.Session:
    """A visitor: cookies shared by every server of 127.0.0.1 (cookies ignore ports), from ``address``."""
    session = requests.Session()
    if address != "127.0.0.1":
        for scheme in ("http://", "https://"):
            session.mount(scheme, FromAddress(address))
    return session


def api(server: AppServer, token: str, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, server.url + path, headers={"Authorization": token}, timeout=TIMEOUT, **kwargs)


def page(server: AppServer, path: str, session: requests.Session | None = None) -> requests.Response:
    """A guest's GET of ``path``, redirects not followed."""
    return (session or requests).get(server.url + path, allow_redirects=False, timeout=TIMEOUT)


def in_one_window(run: Callable[[int], T], seconds: int = 60, tries: int = 3) -> T:
    """``run(attempt)``'s result from a run that began and ended in one fixed window of ``seconds``
    (rate limits count per window); a run that straddled two is run again, as attempt 1, 2...,
    which must use fresh counters (another client address, other names)."""
    for attempt in range(tries):
        window = int(time.time()) // seconds
        result = run(attempt)
        if int(time.time()) // seconds == window:
            return result
    raise AssertionError(f"{tries} runs in a row straddled the end of a {seconds} s window")
