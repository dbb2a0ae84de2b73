"""The fuzzing suite (marker ``fuzz``): bounded by ``FUZZ_EXAMPLES`` so it runs inside ``make test``.

* ``FUZZ_EXAMPLES``: examples per property (Hypothesis) and per operation (schemathesis);
  small by default (CI), large under ``make fuzz``.
* ``FUZZ_RANDOM=1``: fresh random inputs on each run (``make fuzz``); otherwise the runs
  are derandomized (the same inputs every time) and keep no example database, so CI is
  reproducible.
* ``FUZZ_MAX_TIME``: seconds schemathesis may spend per requester (default 20).
* ``FUZZ_REQUESTERS``: whom schemathesis acts as (``admin,alice,guest``; default ``admin``).
* ``FUZZ_REPORT_DIR``: keep schemathesis' full output and the server's log there.

``live_api`` starts the example project under gunicorn on a free loopback port, on a
migrated and seeded throw-away SQLite file, with DEBUG off (``tests/fuzz/live_settings.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from django_frappe_web.api_keys import create_api_key
from harness import servers
from harness.site import sqlite_site
from tests.api.conftest import TokenClient
from tests.testapp.models import Article, Category
from tests.web_forms.conftest import article_form, make_form  # noqa: F401 - fixtures the fuzzers use

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ_RANDOM = os.environ.get("FUZZ_RANDOM", "") in ("1", "true", "yes")
FUZZ_MAX_TIME = int(os.environ.get("FUZZ_MAX_TIME", "20"))

FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=not FUZZ_RANDOM,
    database=None,  # nothing kept between runs: the same inputs in CI every time
    deadline=None,  # a request may take a while on a loaded CI machine: that is not a bug
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.fuzz)


@pytest.fixture(scope="session")
def live_api(tmp_path_factory):
    """``(base_url, {"admin": "token key:secret", "alice": ...}, log_path)`` of a gunicorn serving the example project."""
    folder = tmp_path_factory.mktemp("fuzz-site")
    with sqlite_site(folder, "tests.fuzz.live_settings") as site, \
            servers.gunicorn(site, workers=1, threads=4) as server:
        yield server.url, site.tokens, server.log_path


@pytest.fixture
def site(db, settings):
    """A published article in a category, and a route rule sending /kb/<category> to the Article list."""
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB,
                           "WEBSITE_ROUTE_RULES": [{"from_route": "/kb/<category>", "to_route": "Article"}]}
    category = Category.objects.create(name="News")
    Article.objects.create(title="Hello", slug="hello", category=category, published=True, body="lorem ipsum " * 10)


@pytest.fixture
def admin_api(superuser):
    row, secret = create_api_key(superuser)
    return TokenClient(row.api_key, secret)
