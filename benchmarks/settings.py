"""Settings for the benchmarks: the test settings with DEBUG off, on one of two backends.

``BENCH_BACKEND`` picks the backend (``python -m benchmarks.run`` runs every benchmark once on each):

* ``sqlite`` (default): SQLite in memory and the local-memory cache;
* ``postgres``: PostgreSQL at ``TEST_DATABASE_URL`` and django-redis at ``TEST_REDIS_URL`` -- the
  variables ``make test`` and ``make bench`` export, so both use the same servers. The benchmark
  creates its own database ``bench_frappe_web_<pid>`` there (dropped at exit) and keys its cache
  entries ``bench-<pid>`` (deleted at exit), so it never touches a test run's data.
"""

import os
from pathlib import Path as _Path

from tests.settings import *  # noqa: F401,F403
from tests.settings import cache_from_url, database_from_url

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"

BENCH_BACKEND = os.environ.get("BENCH_BACKEND", "sqlite")
if BENCH_BACKEND not in ("sqlite", "postgres"):
    raise RuntimeError(f"BENCH_BACKEND={BENCH_BACKEND!r}: use sqlite or postgres")

if BENCH_BACKEND == "postgres":
    DATABASES = {"default": database_from_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_DATABASE_URL)}
    # Persistent connections, as a production site runs (docs/deployment.md); the benchmark's
    # own database is the "test" database Django creates next to the one named in the URL.
    DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True,
                                TEST={"NAME": f"bench_frappe_web_{os.getpid()}"})
    CACHES = {"default": {**cache_from_url(os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS_URL),
                          "KEY_PREFIX": f"bench-{os.getpid()}"}}
else:
    DATABASES = {"default": database_from_url(None)}
    CACHES = {"default": cache_from_url(None)}

# Django's contrib redirects, the peer of bench_redirects (installed for the benchmarks only).
INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.sites", "django.contrib.redirects"]  # noqa: F405
SITE_ID = 1

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False

FRAPPE_WEB = {"WWW_DIRS": [str(_Path(__file__).resolve().parent / "www")]}
TEMPLATES[0]["DIRS"] = [_Path(__file__).resolve().parent / "templates"]  # noqa: F405
