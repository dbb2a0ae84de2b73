"""Production settings of the example project: PostgreSQL, Redis, DEBUG off, everything from the environment.

    DJANGO_SETTINGS_MODULE=example_project.production

| variable | meaning | default |
| --- | --- | --- |
| ``SECRET_KEY`` | Django's signing key | required |
| ``DATABASE_URL`` | ``postgres://user:password@host:port/name`` | required |
| ``DATABASE_POOL`` | ``1`` under uvicorn (ASGI): psycopg's connection pool instead of persistent connections | unset |
| ``REDIS_URL`` | ``redis://host:port/db``: cache, sessions' cache, throttles, ``frappe.cache`` | required |
| ``CACHE_KEY_PREFIX`` | prefix of every cache key: one per site sharing a Redis | ``example`` |
| ``ALLOWED_HOSTS`` | comma-separated host names | ``localhost`` |
| ``CSRF_TRUSTED_ORIGINS`` | comma-separated ``https://host`` origins (a proxy on another host or port) | empty |
| ``FRONTEND_ORIGINS`` | comma-separated origins of front ends on other origins: CORS with credentials, CSRF-trusted | empty |
| ``SESSION_COOKIE_SAMESITE`` | ``None`` when such a front end is another site and uses the session (docs/api.md) | ``Lax`` |
| ``SITE_HTTPS`` | ``0`` when nothing in front speaks HTTPS (a loopback test): no secure cookies, HSTS or redirect | ``1`` |
| ``DATA_DIR`` | folder of uploads (``media/``), private files, backups and collected static files | the project |
| ``FILE_SENDFILE`` | ``x-accel-redirect`` behind nginx (deploy/nginx/site.conf) | unset: Django streams files |
| ``TRUSTED_PROXIES`` | comma-separated addresses or networks of the proxies whose X-Forwarded-For is the visitor | ``127.0.0.1`` |
| ``EXTRA_INSTALLED_APPS`` | comma-separated apps added at the end (the live tests' probe app) | empty |

docs/deployment.md explains each choice; ``manage.py check --deploy`` passes with these settings.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from .settings import *  # noqa: F403 - the example project, then what production changes
from .settings import FRAPPE_WEB, FRONTEND_ORIGINS, INSTALLED_APPS, MIDDLEWARE


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
    }


def connection_reuse(asgi: bool, pool: bool) -> dict:
    """WSGI (gunicorn): keep a connection per worker between requests, tested before a request reuses it.

    Not under ASGI (asgi.py says when): Django keeps one connection per request context there, never
    reused, so they pile up until garbage-collected -- 20 to 50 idle ones per uvicorn worker under load
    (tests/load), until PostgreSQL refuses clients. Django's docs: disable them under ASGI, and use the
    driver's pool instead: ``DATABASE_POOL=1`` (``psycopg[pool]``).
    """
    if pool:
        # timeout: how long a request waits for a connection. Short, because with the database down
        # the pool cannot open one and every request would hold its worker that long before its 503.
        return {"CONN_MAX_AGE": 0, "OPTIONS": {"pool": {"min_size": 1, "max_size": 10, "timeout": 2}}}
    if asgi:
        return {"CONN_MAX_AGE": 0}
    return {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}


DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost")
CSRF_TRUSTED_ORIGINS = [*env_list("CSRF_TRUSTED_ORIGINS"), *FRONTEND_ORIGINS]
DATABASES = {"default": {**database_from_url(os.environ["DATABASE_URL"]),
                         **connection_reuse(asgi=os.environ.get("DJANGO_SERVER_INTERFACE") == "asgi",
                                            pool=os.environ.get("DATABASE_POOL") == "1")}}
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
# Django's own cached_db answers 500 to logged-in requests while Redis raises; this one reads the database.
SESSION_ENGINE = "django_frappe_web.cached_db_sessions"

# Behind nginx (deploy/nginx/site.conf), which sets X-Forwarded-Proto and X-Forwarded-Host.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = True
HTTPS = os.environ.get("SITE_HTTPS", "1") != "0"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is a promise to browsers' lists that is slow to take back: the site owner's decision, so
# not set here, and `check --deploy`'s reminder of it (W021) is silenced (docs/deployment.md).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # web forms with allowed embedding domains lift it for themselves
# First: throttles and rate limits must count the visitor nginx forwarded, not nginx (docs/deployment.md).
MIDDLEWARE = ["django_frappe_web.proxy.ProxyClientAddressMiddleware", *MIDDLEWARE,
              "django.middleware.clickjacking.XFrameOptionsMiddleware"]

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR))  # noqa: F405 - from the base settings
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
FRAPPE_WEB = {
    **FRAPPE_WEB,
    "PRIVATE_FILES_ROOT": str(DATA_DIR / "private" / "files"),
    "BACKUP_DIR": str(DATA_DIR / "backups"),
    "FILE_SENDFILE": os.environ.get("FILE_SENDFILE") or None,
    "TRUSTED_PROXIES": env_list("TRUSTED_PROXIES", "127.0.0.1"),
}
INSTALLED_APPS = [*INSTALLED_APPS, *env_list("EXTRA_INSTALLED_APPS")]
if "oauth2_provider" in INSTALLED_APPS:  # OAuth2 redirect URIs over HTTPS only (RFC 9700 section 2.1)
    OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["https"]}  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
