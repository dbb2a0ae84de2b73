"""The ``FRAPPE_WEB`` settings dict, read through one lazy object.

Modelled on DRF's ``api_settings``: every key is optional, defaults live here,
dotted paths listed in ``IMPORT_STRINGS`` are imported on first access, and the
object reloads itself when a test changes ``FRAPPE_WEB``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

SETTINGS_NAME = "FRAPPE_WEB"

DEFAULTS: dict[str, Any] = {
    "HOME_PAGE": "index",
    "WWW_DIRS": [],
    "BASE_TEMPLATE": "frappe_web/base.html",
    "PAGE_RENDERERS": [],
    "WEBSITE_REDIRECTS": [],
    "WEBSITE_ROUTE_RULES": [],
    "CACHE_ALIAS": "default",
    "CACHE_KEY_PREFIX": "frappe",
    # Dotted path to a cache.base.BaseCacheStrategy subclass; None chooses by the backend.
    "CACHE_STRATEGY": None,
    "PAGE_CACHE_TIMEOUT": 1800,
    "PREVIEW_MAX_AGE": 86400,  # seconds a signed Web Page preview link works (issue 17)
    # A web-view document (a Web Page) that changes route leaves a 301 from its old route.
    "AUTO_REDIRECT_ON_ROUTE_CHANGE": True,
    # The 404 log (website/not_found_log.py): off; when on, sampled and bounded.
    "NOT_FOUND_LOG": False,
    "NOT_FOUND_LOG_SAMPLE_RATE": 0.1,
    "NOT_FOUND_LOG_MAX_ROWS": 10_000,
    # Cache logged-in users' pages too, shared by users who may see the same (website/shared_pages.py).
    "PAGE_CACHE_LOGGED_IN": False,
    # Seconds the shared cache's copy of the route generation is trusted (the database has the truth).
    "ROUTE_GENERATION_CACHE_TIMEOUT": 5,
    # With django-redis: each process keeps the versions, told of writes on a Redis channel.
    "PAGE_VERSION_CHANNEL": True,
    "API_PAGE_LENGTH": 20,
    "API_MAX_PAGE_LENGTH": 1000,
    "API_THROTTLE_RATES": {"login": "10/min", "anon": None, "user": None},
    # Reverse proxies (addresses or networks) whose X-Forwarded-For gives the visitor's address (proxy.py).
    "TRUSTED_PROXIES": [],
    # The API's DRF policy, as DRF's DEFAULT_*_CLASSES (dotted paths; a view may still set its own).
    "API_AUTHENTICATION_CLASSES": [
        "django_frappe_web.api.authentication.APIKeyAuthentication",
        "django_frappe_web.api.authentication.FrappeSessionAuthentication",
    ],
    "API_PERMISSION_CLASSES": [
        "django_frappe_web.api.permissions.DocTypePermissions",
        "django_frappe_web.api.permissions.WhitelistPermission",
    ],
    "API_THROTTLE_CLASSES": [
        "django_frappe_web.api.throttling.AnonThrottle",
        "django_frappe_web.api.throttling.UserThrottle",
    ],
    "MAX_FILE_SIZE": 10 * 1024 * 1024,
    "ALLOWED_FILE_EXTENSIONS": [],
    "FILE_STORAGE": None,
    "PRIVATE_FILE_STORAGE": None,
    "PRIVATE_FILES_ROOT": None,
    "FILE_SENDFILE": None,
    "BACKUP_DIR": None,
    "SESSION_DATA_KEY": "_frappe_session_data",
    "WEB_FORM_RATE_LIMIT": {"limit": 10, "seconds": 60},
    # Web forms' captcha hook: a dotted path to validator(request, web_form), and the template of its widget.
    "WEB_FORM_CAPTCHA_VALIDATOR": None,
    "WEB_FORM_CAPTCHA_TEMPLATE": "",
    # manage.py run_scheduler: seconds between two looks for due events (Frappe's scheduler_tick_interval),
    # and the period of the `all` frequency in seconds, whole minutes (Frappe's scheduler_interval).
    "SCHEDULER_TICK": 60,
    "SCHEDULER_INTERVAL": 240,
    # frappe.enqueue: the TASKS alias it sends jobs to, and Frappe's queues -> that backend's queue names.
    "JOB_BACKEND": "default",
    "JOB_QUEUES": {"short": "short", "default": "default", "long": "long"},
    # Seconds a job may be RUNNING without its worker's lock before a worker lost is suspected
    # (django-tasks-db on PostgreSQL; see job_recovery).
    "JOB_RECOVERY_GRACE": 10,
    # Accounts (docs/accounts.md): /signup is open when on (and Website Settings' disable_signup is off);
    # new accounts are active once their e-mail address is verified (VERIFICATION), and join DEFAULT_GROUP.
    "SIGNUP_ENABLED": False,
    "SIGNUP_VERIFICATION": True,
    "SIGNUP_DEFAULT_GROUP": None,
    # Where a website user (not staff) lands after logging in when no redirect-to was asked for.
    "WEBSITE_USER_HOME_PAGE": "/me",
    # The portal menu (docs/portal.md): dicts of title, route, reference_doctype and role ("All" or a group).
    "PORTAL_MENU": [],
    # Languages (docs/i18n.md): where a logged-in user's language is read, a dotted path to
    # function(user) -> a language code or None (None: users have no language of their own),
    # and the apps whose djangojs catalogs the website's __() reads besides the package's.
    "USER_LANGUAGE": "django_frappe_web.user_languages.stored_language",
    "JS_TRANSLATION_PACKAGES": [],
    # Site search (docs/content.md): PostgreSQL full-text search on PostgreSQL (False: the portable
    # LIKE search there too); the text search configuration of each language (the active language's
    # picks the query's, else SEARCH_DEFAULT_CONFIG), every one of them in the index.
    "SEARCH_FULL_TEXT": True,
    "SEARCH_CONFIGS": {"en": "english", "de": "german", "fr": "french"},
    "SEARCH_DEFAULT_CONFIG": "simple",
}

# Keys whose values are dotted paths (or lists of them) imported on access.
# The API's policy classes: DRF classes, so checked only when DRF is installed.
API_POLICY_KEYS: frozenset[str] = frozenset({
    "API_AUTHENTICATION_CLASSES", "API_PERMISSION_CLASSES", "API_THROTTLE_CLASSES",
})
IMPORT_STRINGS: frozenset[str] = frozenset({"PAGE_RENDERERS", "CACHE_STRATEGY", "WEB_FORM_CAPTCHA_VALIDATOR", "USER_LANGUAGE"}) \
    | API_POLICY_KEYS


def perform_import(value: Any, setting_name: str) -> Any:
    """Import a dotted path, or each of a list of them; other values pass through."""
    if isinstance(value, str):
        return _import(value, setting_name)
    if isinstance(value, (list, tuple)):
        return [_import(item, setting_name) if isinstance(item, str) else item for item in value]
    return value


def _import(path: str, setting_name: str) -> Any:
    try:
        return import_string(path)
    except ImportError as exc:
        raise ImportError(f"Could not import {path!r} for {SETTINGS_NAME}[{setting_name!r}]: {exc}") from exc


class WebSettings:
    """Attribute access to ``settings.FRAPPE_WEB`` with defaults.

    ``web_settings.HOME_PAGE`` reads the user's value or the default; values are
    cached on the instance until :meth:`reload` (connected to ``setting_changed``).
    """

    def __init__(self, defaults: dict[str, Any] | None = None, import_strings: frozenset[str] | None = None):
        self.defaults = defaults or DEFAULTS
        self.import_strings = import_strings or IMPORT_STRINGS
        self._cached: set[str] = set()

    @property
    def user_settings(self) -> dict[str, Any]:
        if not hasattr(self, "_user_settings"):
            self._user_settings = getattr(settings, SETTINGS_NAME, {}) or {}
        return self._user_settings

    def unknown_keys(self) -> list[str]:
        return sorted(set(self.user_settings) - set(self.defaults))

    def __getattr__(self, attr: str) -> Any:
        if attr not in self.defaults:
            raise AttributeError(f"Invalid {SETTINGS_NAME} setting: {attr!r}")
        try:
            value = self.user_settings[attr]
        except KeyError:
            value = self.defaults[attr]
        if attr in self.import_strings:
            value = perform_import(value, attr)
        self._cached.add(attr)
        setattr(self, attr, value)
        return value

    def reload(self) -> None:
        for attr in self._cached:
            delattr(self, attr)
        self._cached.clear()
        if hasattr(self, "_user_settings"):
            delattr(self, "_user_settings")


web_settings = WebSettings(DEFAULTS, IMPORT_STRINGS)


def reload_web_settings(*args: Any, setting: str, **kwargs: Any) -> None:
    if setting == SETTINGS_NAME:
        web_settings.reload()

