"""Production settings of the example project: PostgreSQL, Redis, DEBUG off, everything from the environment.

    DJANGO_SETTINGS_MODULE=example_project.production

| variable | meaning | default |
| --- | --- | --- |
| ``SECRET_KEY`` | Django's signing key | required |
| ``DATABASE_URL`` | ``postgres://user:password@host:port/name`` | required |
| ``REDIS_URL`` | ``redis://host:port/db``: cache, sessions' cache, throttles, ``frappe.cache`` | required |
| ``CACHE_KEY_PREFIX`` | prefix of every cache key: one per site sharing a Redis | ``example`` |
| ``ALLOWED_HOSTS`` | comma-separated host names | ``localhost`` |
| ``CSRF_TRUSTED_ORIGINS`` | comma-separated ``https://host`` origins (a proxy on another host or port) | empty |
| ``SITE_HTTPS`` | ``0`` when nothing in front speaks HTTPS (a loopback test): no secure cookies, HSTS or redirect | ``1`` |
| ``DATA_DIR`` | folder of uploads (``media/``), private files, backups and collected static files | the project |
| ``FILE_SENDFILE`` | ``x-accel-redirect`` behind nginx (deploy/nginx/site.conf) | unset: Django streams files |
| ``EXTRA_INSTALLED_APPS`` | comma-separated apps added at the end (the live tests' probe app) | empty |

docs/deployment.md explains each choice; ``manage.py check --deploy`` passes with these settings.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from .settings import *  # noqa: F403 - the example project, then what production changes
from .settings import FRAPPE_WEB, INSTALLED_APPS


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parsed.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        # Keep connections between requests, and test a kept one before a request uses it.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "example"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # A Redis outage slows a request by at most this much per call, then the site goes on without it.
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
}
# Sessions written to the database and read through the cache: a Redis restart logs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Behind nginx (deploy/nginx/site.conf), which sets X-Forwarded-Proto and X-Forwarded-Host.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = True
HTTPS = os.environ.get("SITE_HTTPS", "1") != "0"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False  # a promise to browsers' preload lists: the site owner's decision, not a default
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR))  # noqa: F405 - from the base settings
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
FRAPPE_WEB = {
    **FRAPPE_WEB,
    "PRIVATE_FILES_ROOT": str(DATA_DIR / "private" / "files"),
    "BACKUP_DIR": str(DATA_DIR / "backups"),
    "FILE_SENDFILE": os.environ.get("FILE_SENDFILE") or None,
}
INSTALLED_APPS = [*INSTALLED_APPS, *env_list("EXTRA_INSTALLED_APPS")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
