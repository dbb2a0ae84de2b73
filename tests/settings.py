"""Settings for the test suite.

The database and cache come from the environment so one suite runs on every backend:

* ``DATABASE_URL``: ``postgres://user@host:port/name`` (or unset for SQLite in memory);
* ``REDIS_URL``: ``redis://127.0.0.1:6379/15`` for django-redis (or unset for local memory).
"""

import os
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
USE_TZ = True
TIME_ZONE = "UTC"
ROOT_URLCONF = "tests.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular_sidecar",  # Swagger UI's static files for /api/docs/
    "django_frappe_web",
    "tests.testapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_frappe_web.middleware.FrappeMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "_media"


def database_from_url(url: str | None) -> dict:
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    parsed = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/") or "test",
        "USER": unquote(parsed.username or "postgres"),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "TEST": {"NAME": f"test_frappe_web_{os.getpid()}"} if os.environ.get("FRAPPE_TEST_UNIQUE_DB") else {},
    }


def cache_from_url(url: str | None) -> dict:
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "frappe-tests"}
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        # Per process when runs may overlap (make test sets FRAPPE_TEST_UNIQUE_DB), so one run's
        # cache clean-up never deletes another's keys.
        "KEY_PREFIX": f"frappe-tests-{os.getpid()}" if os.environ.get("FRAPPE_TEST_UNIQUE_DB") else "frappe-tests",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}

# A worker killed mid-job is noticed after 1 s here (10 s by default).
FRAPPE_WEB = {"JOB_RECOVERY_GRACE": 1}

# frappe.enqueue: the immediate backend by default (jobs run inside the test); tests/test_job_workers.py
# switches FRAPPE_WEB["JOB_BACKEND"] to "database" (django-tasks-db) or "rq" (django-tasks-rq) and
# starts real workers. The Redis of the RQ tests is their own redis-server, passed in the environment.
JOB_QUEUE_NAMES = ["short", "default", "long"]
TASKS_PACKAGE = "django.tasks" if find_spec("django.tasks") else "django_tasks"  # Django 6, or the 5.2 backport
TASKS = {
    "default": {"BACKEND": f"{TASKS_PACKAGE}.backends.immediate.ImmediateBackend", "QUEUES": JOB_QUEUE_NAMES},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": JOB_QUEUE_NAMES},
    "rq": {"BACKEND": "django_frappe_web.rq_backend.RQBackend", "QUEUES": JOB_QUEUE_NAMES},
}
RQ_QUEUES = {name: {"URL": os.environ.get("FRAPPE_TEST_RQ_URL", "redis://127.0.0.1:6379/1"), "DEFAULT_TIMEOUT": 300}
             for name in JOB_QUEUE_NAMES}
INSTALLED_APPS += ["django_tasks_db", "django_rq"]

# The [oauth] and [cors] extras (in the test extra): bearer tokens and CORS are tested when installed;
# the views list BearerTokenAuthentication and add CorsMiddleware themselves (tests/api/test_bearer.py).
INSTALLED_APPS += [app for app in ("oauth2_provider", "corsheaders") if find_spec(app)]
