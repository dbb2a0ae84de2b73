"""Settings of the server benchmarks' project: one database, four kinds of app server.

Every server of a run loads this module with the same database and cache; ``BENCH_SIDE`` says
which side of a comparison it is (its URLconf is ``benchmarks.server.urls``):

* ``ours``: django-frappe-web's catch-all and /api, the page cache on (the package's default);
* ``ours-cold``: the same with the page cache off (``PAGE_CACHE_TIMEOUT: 0``);
* ``wagtail``: Wagtail 8 serving its page tree at /, its redirects middleware (as Wagtail's
  project template has it), and the same serve view under ``cache_page`` at /cached/;
* ``django``: plain Django and DRF: a ``TemplateView`` (with and without ``cache_page``),
  ``django.contrib.redirects``' fallback middleware, and the hand-written DRF viewsets.

The peers' middleware is ours minus ``FrappeMiddleware``, so both sides pay for sessions,
CSRF, auth and messages alike. Environment: ``DATABASE_URL`` (PostgreSQL) or ``BENCH_SQLITE``
(a SQLite file every server shares), ``REDIS_URL`` (django-redis; unset: local memory, one per
process) and ``BENCH_KEY_PREFIX`` (the run's cache keys, so runs sharing a Redis never meet).
"""

import os
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, MIDDLEWARE, TEMPLATES, cache_from_url, database_from_url

HERE = Path(__file__).resolve().parent
SIDE = os.environ.get("BENCH_SIDE", "ours")
SIDES = ("ours", "ours-cold", "wagtail", "django")
if SIDE not in SIDES:
    raise ValueError(f"BENCH_SIDE must be one of {', '.join(SIDES)}, not {SIDE!r}")

ROOT_URLCONF = "benchmarks.server.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SITE_ID = 1  # django.contrib.redirects' rules belong to a django.contrib.sites site

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "django.contrib.sites",
    "django.contrib.redirects",
    "wagtail.contrib.redirects",
    "wagtail",
    "modelcluster",
    "taggit",
    "benchmarks.server.wagtail_site",
]
PEER_MIDDLEWARE = [m for m in MIDDLEWARE if m != "django_frappe_web.middleware.FrappeMiddleware"]
MIDDLEWARE = {
    "ours": MIDDLEWARE,
    "ours-cold": MIDDLEWARE,
    "wagtail": [*PEER_MIDDLEWARE, "wagtail.contrib.redirects.middleware.RedirectMiddleware"],
    "django": [*PEER_MIDDLEWARE, "django.contrib.redirects.middleware.RedirectFallbackMiddleware"],
}[SIDE]

# The www folder is also a template folder, so the TemplateView includes the www page's own
# file: every side serves the very same body.
TEMPLATES[0]["DIRS"] = [HERE / "templates", HERE / "www"]
FRAPPE_WEB = {"WWW_DIRS": [str(HERE / "www")]}
if SIDE == "ours-cold":
    FRAPPE_WEB["PAGE_CACHE_TIMEOUT"] = 0

if os.environ.get("BENCH_SQLITE"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["BENCH_SQLITE"]}}
else:
    DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
    DATABASES["default"]["CONN_MAX_AGE"] = None  # one connection per worker, as production runs
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_KEY_PREFIX", "bench-server")

# Local memory (SQLite runs) is private to each process: one sync worker per server is the point.
SILENCED_SYSTEM_CHECKS = ["django_frappe_web.W003"]

WAGTAIL_SITE_NAME = "Benchmark"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
