"""System checks: misconfiguration reported by ``manage.py check`` with a stable id and a hint.

=============================  ==========================================================
``django_frappe_web.E001``     FrappeMiddleware is not in MIDDLEWARE
``django_frappe_web.E002``     FrappeMiddleware comes before AuthenticationMiddleware
``django_frappe_web.E003``     SessionMiddleware / AuthenticationMiddleware missing
``django_frappe_web.E004``     FRAPPE_WEB has unknown keys
``django_frappe_web.E005``     FRAPPE_WEB["CACHE_ALIAS"] is not in CACHES
``django_frappe_web.E006``     a FRAPPE_WEB value has the wrong type
``django_frappe_web.E007``     a dotted path in FRAPPE_WEB cannot be imported (the API's only with DRF)
``django_frappe_web.E008``     FRAPPE_WEB["CACHE_STRATEGY"] cannot be imported or is not a strategy for the cache
``django_frappe_web.E040``     an app's ``scheduler_events`` hook is malformed (unknown key, bad cron string)
``django_frappe_web.E041``     a method named in ``scheduler_events`` cannot be imported
``django_frappe_web.W001``     patterns follow ``include("django_frappe_web.urls")`` and are unreachable
``django_frappe_web.W002``     ``django_frappe_web.urls`` is not included in ROOT_URLCONF
``django_frappe_web.W003``     the cache is private to each process while DEBUG is off
``django_frappe_web.W004``     ``drf_spectacular_sidecar`` is not in INSTALLED_APPS (``/api/docs/`` has no Swagger UI)
``django_frappe_web.E030``     FRAPPE_WEB["JOB_BACKEND"] is not an alias of TASKS
``django_frappe_web.W030``     a queue FRAPPE_WEB["JOB_QUEUES"] maps to is not in the job backend's QUEUES
``django_frappe_web.E050``     a FRAPPE_WEB["TRUSTED_PROXIES"] entry is not an IP address or network
``django_frappe_web.W050``     TRUSTED_PROXIES is set but ProxyClientAddressMiddleware is not first in MIDDLEWARE
``django_frappe_web.E060``     a submittable doctype has no integer docstatus field, or names unknown fields
``django_frappe_web.E080``     a portal menu item (``PORTAL_MENU`` or a ``portal_menu_items`` hook) is malformed
``django_frappe_web.E081``     a portal menu item names a ``reference_doctype`` that is not registered
=============================  ==========================================================
"""

from __future__ import annotations

import ipaddress
import os
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning
from django.utils.module_loading import import_string

from .background_jobs import task_backends
from .cache.strategies import strategy_problem
from .docstatus import configuration_problems
from .doctypes import site
from .middleware import MIDDLEWARE_PATH
from .scheduled_events import SchedulerEventsError
from .scheduler import declared_events
from .settings import API_POLICY_KEYS, DEFAULTS, IMPORT_STRINGS, SETTINGS_NAME, web_settings
from .website.portal_menu import configured_items, doctype_problem, item_problem

PROXY_MIDDLEWARE = "django_frappe_web.proxy.ProxyClientAddressMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
URLS_MODULE = "django_frappe_web.urls"
SIDECAR_APP = "drf_spectacular_sidecar"  # Swagger UI's static files for /api/docs/
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
TYPES: dict[str, type | tuple[type, ...]] = {
    "HOME_PAGE": str, "WWW_DIRS": (list, tuple), "BASE_TEMPLATE": str, "PAGE_RENDERERS": (list, tuple),
    "WEBSITE_REDIRECTS": (list, tuple), "WEBSITE_ROUTE_RULES": (list, tuple), "CACHE_ALIAS": str,
    "CACHE_KEY_PREFIX": str, "PAGE_CACHE_TIMEOUT": int, "API_PAGE_LENGTH": int, "API_MAX_PAGE_LENGTH": int,
    "ROUTE_GENERATION_CACHE_TIMEOUT": (int, float), "PAGE_VERSION_CHANNEL": bool,
    "API_THROTTLE_RATES": dict, "MAX_FILE_SIZE": int, "ALLOWED_FILE_EXTENSIONS": (list, tuple),
    "FILE_STORAGE": (str, type(None)), "PRIVATE_FILE_STORAGE": (str, type(None)),
    "PRIVATE_FILES_ROOT": (str, os.PathLike, type(None)),
    "FILE_SENDFILE": (str, type(None)), "BACKUP_DIR": (str, os.PathLike, type(None)), "SESSION_DATA_KEY": str,
    "WEB_FORM_RATE_LIMIT": dict, "TRUSTED_PROXIES": (list, tuple),
    "WEB_FORM_CAPTCHA_VALIDATOR": (str, type(None)), "WEB_FORM_CAPTCHA_TEMPLATE": str,
    "JOB_BACKEND": str, "JOB_QUEUES": dict, "JOB_RECOVERY_GRACE": (int, float),
    "CACHE_STRATEGY": (str, type, type(None)),
    "API_AUTHENTICATION_CLASSES": (list, tuple), "API_PERMISSION_CLASSES": (list, tuple),
    "API_THROTTLE_CLASSES": (list, tuple),
    "SCHEDULER_TICK": (int, float), "SCHEDULER_INTERVAL": int,
    # Content (docs/content.md)
    "PREVIEW_MAX_AGE": int, "AUTO_REDIRECT_ON_ROUTE_CHANGE": bool, "NOT_FOUND_LOG": bool,
    "NOT_FOUND_LOG_SAMPLE_RATE": (int, float), "NOT_FOUND_LOG_MAX_ROWS": int,
    "SIGNUP_ENABLED": bool, "SIGNUP_VERIFICATION": bool, "SIGNUP_DEFAULT_GROUP": (str, type(None)),
    "WEBSITE_USER_HOME_PAGE": str, "PORTAL_MENU": (list, tuple), "PAGE_CACHE_LOGGED_IN": bool,
    "USER_LANGUAGE": (str, type(None)), "JS_TRANSLATION_PACKAGES": (list, tuple),
    "SEARCH_FULL_TEXT": bool, "SEARCH_CONFIGS": dict, "SEARCH_DEFAULT_CONFIG": str,
}


def check_middleware(app_configs: Any = None, **kwargs: Any) -> list:
    middleware = list(settings.MIDDLEWARE)
    errors = []
    for required in (SESSION_MIDDLEWARE, AUTH_MIDDLEWARE):
        if required not in middleware:
            errors.append(Error(
                f"{required} is required by django_frappe_web.",
                hint=f"Add '{required}' to MIDDLEWARE before '{MIDDLEWARE_PATH}'.",
                id="django_frappe_web.E003",
            ))
    if MIDDLEWARE_PATH not in middleware:
        errors.append(Error(
            "FrappeMiddleware is not installed, so frappe.session, frappe.local and frappe.form_dict "
            "see no request.",
            hint=f"Add '{MIDDLEWARE_PATH}' to MIDDLEWARE, after '{AUTH_MIDDLEWARE}'.",
            id="django_frappe_web.E001",
        ))
    elif AUTH_MIDDLEWARE in middleware and middleware.index(MIDDLEWARE_PATH) < middleware.index(AUTH_MIDDLEWARE):
        errors.append(Error(
            "FrappeMiddleware comes before AuthenticationMiddleware, so it cannot see request.user.",
            hint=f"Move '{MIDDLEWARE_PATH}' below '{AUTH_MIDDLEWARE}' in MIDDLEWARE.",
            id="django_frappe_web.E002",
        ))
    return errors + _proxy_problems(middleware)


def _proxy_problems(middleware: list[str]) -> list:
    """TRUSTED_PROXIES parse, and the middleware that uses them runs before anything reads REMOTE_ADDR."""
    proxies = web_settings.TRUSTED_PROXIES
    if not proxies or not isinstance(proxies, (list, tuple)):
        return []  # a wrong type is E006's
    problems = []
    for proxy in proxies:
        try:
            ipaddress.ip_network(str(proxy), strict=False)
        except ValueError:
            problems.append(Error(
                f"{SETTINGS_NAME}['TRUSTED_PROXIES'] has {proxy!r}, which is not an IP address or network.",
                hint="Write addresses ('127.0.0.1') or networks ('10.0.0.0/8').", id="django_frappe_web.E050"))
    if middleware[:1] != [PROXY_MIDDLEWARE]:
        problems.append(Warning(
            f"{SETTINGS_NAME}['TRUSTED_PROXIES'] is set, but ProxyClientAddressMiddleware is not the first "
            "middleware: throttles and rate limits count the proxy's address, not the visitors'.",
            hint=f"Put '{PROXY_MIDDLEWARE}' first in MIDDLEWARE.", id="django_frappe_web.W050"))
    return problems


def check_settings(app_configs: Any = None, **kwargs: Any) -> list:
    user_settings = getattr(settings, SETTINGS_NAME, {})
    if not isinstance(user_settings, dict):
        return [Error(f"{SETTINGS_NAME} must be a dict.", hint=f"Set {SETTINGS_NAME} = {{...}} in your settings.",
                      id="django_frappe_web.E006")]
    errors = []
    unknown = web_settings.unknown_keys()
    if unknown:
        errors.append(Error(
            f"Unknown {SETTINGS_NAME} keys: {', '.join(unknown)}.",
            hint=f"Valid keys are: {', '.join(sorted(DEFAULTS))}.",
            id="django_frappe_web.E004",
        ))
    for key, value in user_settings.items():
        expected = TYPES.get(key)
        if expected and not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            errors.append(Error(
                f"{SETTINGS_NAME}[{key!r}] must be {_type_names(expected)}, not {type(value).__name__}.",
                hint=f"The default is {DEFAULTS[key]!r}.",
                id="django_frappe_web.E006",
            ))
    if web_settings.CACHE_ALIAS not in settings.CACHES:
        errors.append(Error(
            f"{SETTINGS_NAME}['CACHE_ALIAS'] is {web_settings.CACHE_ALIAS!r}, which is not in CACHES.",
            hint=f"Use one of: {', '.join(settings.CACHES)}.",
            id="django_frappe_web.E005",
        ))
    elif not settings.DEBUG and settings.CACHES[web_settings.CACHE_ALIAS]["BACKEND"] in PROCESS_LOCAL_CACHES:
        errors.append(Warning(
            "The cache used by django_frappe_web is private to each process: page-cache invalidation, "
            "rate limits and frappe.cache values are not shared between workers.",
            hint="Use django_redis.cache.RedisCache (or another shared backend) in production.",
            id="django_frappe_web.W003",
        ))
    if web_settings.CACHE_ALIAS in settings.CACHES:
        errors += _cache_strategy_errors()
    errors += _import_errors()
    errors += _captcha_errors()
    return errors


def _captcha_errors() -> list:
    """E090: a captcha validator that is not callable; W090: one without a template for its widget."""
    try:
        validator = web_settings.WEB_FORM_CAPTCHA_VALIDATOR
    except ImportError:
        return []  # E007 says so
    if validator is None:
        return []
    if not callable(validator):
        return [Error(f"{SETTINGS_NAME}['WEB_FORM_CAPTCHA_VALIDATOR'] must name a callable, not {type(validator).__name__}.",
                      hint="Point it at validator(request, web_form) (docs/web-forms.md).", id="django_frappe_web.E090")]
    if not web_settings.WEB_FORM_CAPTCHA_TEMPLATE:
        return [Warning(f"{SETTINGS_NAME}['WEB_FORM_CAPTCHA_VALIDATOR'] is set but WEB_FORM_CAPTCHA_TEMPLATE is empty: "
                        "the forms show no captcha, so every submission may be refused.",
                        hint="Name the template of the provider's widget.", id="django_frappe_web.W090")]
    return []


def _type_names(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(t.__name__ for t in types)


def _import_errors() -> list:
    errors = []
    api_installed = find_spec("rest_framework") is not None
    for key in sorted(IMPORT_STRINGS - {"CACHE_STRATEGY"}):  # CACHE_STRATEGY has its own check, E008
        if key in API_POLICY_KEYS and not api_installed:
            continue  # the API is not mounted without DRF, so its classes are never imported
        try:
            getattr(web_settings, key)  # importing the dotted paths is the check
        except ImportError as exc:
            errors.append(Error(str(exc), hint="Check the dotted path and that its module imports cleanly.",
                                id="django_frappe_web.E007"))
    return errors


def check_installed_apps(app_configs: Any = None, **kwargs: Any) -> list:
    from django.apps import apps

    if apps.is_installed(SIDECAR_APP):
        return []
    return [Warning(
        f"'{SIDECAR_APP}' is not in INSTALLED_APPS, so /api/docs/ names Swagger UI files that no static "
        "files finder has (a blank page, or an error with a manifest storage).",
        hint=f"Add '{SIDECAR_APP}' to INSTALLED_APPS (the package is a dependency of django-frappe-web).",
        id="django_frappe_web.W004",
    )]


def _cache_strategy_errors() -> list:
    problem = strategy_problem(web_settings.CACHE_ALIAS)
    if problem is None:
        return []
    return [Error(problem, hint="Name a subclass of django_frappe_web.cache.BaseCacheStrategy that supports "
                  "the backend, or remove CACHE_STRATEGY to choose by the backend.", id="django_frappe_web.E008")]


def check_scheduler_events(app_configs: Any = None, **kwargs: Any) -> list:
    try:
        events = declared_events()
    except SchedulerEventsError as exc:
        return [Error(str(exc), hint="Keys are all, hourly, daily, weekly, monthly, their _long variants and cron "
                      "(a dict of cron strings to lists of dotted paths).", id="django_frappe_web.E040")]
    errors = []
    for event in events:
        try:
            import_string(event.method)
        except ImportError as exc:
            errors.append(Error(f"{event.app}.hooks.scheduler_events names {event.method!r}, which cannot be "
                                f"imported: {exc}", hint="Check the dotted path and that its module imports cleanly.",
                                id="django_frappe_web.E041"))
    return errors


def check_urls(app_configs: Any = None, **kwargs: Any) -> list:
    from django.urls import URLResolver, get_resolver

    patterns = get_resolver().url_patterns
    positions = [i for i, p in enumerate(patterns) if isinstance(p, URLResolver) and _urlconf_name(p) == URLS_MODULE]
    if not positions:
        return [Warning(
            f"'{URLS_MODULE}' is not included in ROOT_URLCONF: the website, /api and file routes are not served.",
            hint=f"Add path(\"\", include(\"{URLS_MODULE}\")) as the last entry of urlpatterns.",
            id="django_frappe_web.W002",
        )]
    shadowed = patterns[positions[-1] + 1:]
    if shadowed:
        names = ", ".join(str(p.pattern) or "''" for p in shadowed[:5])
        return [Warning(
            f"{len(shadowed)} URL pattern(s) after include('{URLS_MODULE}') are never reached "
            f"because its catch-all matches first: {names}.",
            hint=f"Move path(\"\", include(\"{URLS_MODULE}\")) to the end of urlpatterns.",
            id="django_frappe_web.W001",
        )]
    return []


def _urlconf_name(resolver: Any) -> str:
    name = resolver.urlconf_name
    return name if isinstance(name, str) else getattr(name, "__name__", "")


def check_jobs(app_configs: Any = None, **kwargs: Any) -> list:
    """``frappe.enqueue``'s backend exists and takes every queue Frappe's queues map to."""
    alias = web_settings.JOB_BACKEND
    try:
        backend = task_backends[alias]
    except Exception as exc:  # noqa: BLE001 - unknown alias, or a backend that cannot be built: both reported
        return [Error(f"{SETTINGS_NAME}['JOB_BACKEND'] is {alias!r}, which is not a usable TASKS backend: {exc}",
                      hint="Name an alias of TASKS (docs/background-jobs.md).", id="django_frappe_web.E030")]
    missing = sorted({queue for queue in web_settings.JOB_QUEUES.values()
                      if backend.queues and queue not in backend.queues})
    if not missing:
        return []
    return [Warning(
        f"frappe.enqueue sends jobs to queues the {alias!r} task backend does not take: {', '.join(missing)} "
        f"(enqueue(queue=...) fails for them).",
        hint=f"Add them to TASKS[{alias!r}]['QUEUES'], or map Frappe's queues elsewhere in "
             f"{SETTINGS_NAME}['JOB_QUEUES'] (docs/background-jobs.md).",
        id="django_frappe_web.W030",
    )]


def check_doctypes(app_configs: Any = None, **kwargs: Any) -> list:
    """Submittable doctypes' options: a docstatus field to keep the status in, known field names."""
    return [Error(problem, hint="See docs/doctypes.md, 'Submittable doctypes'.", id="django_frappe_web.E060")
            for doctype in site for problem in configuration_problems(doctype)]


def check_portal_menu(app_configs: Any = None, **kwargs: Any) -> list:
    """Every portal menu item well formed (E080) and naming a registered doctype (E081)."""
    errors = []
    for index, (origin, item) in enumerate(configured_items()):
        where = f"Portal menu item {index} ({origin})"
        problem = item_problem(item)
        if problem:
            errors.append(Error(f"{where} {problem}.", hint="An item is a dict of title, route, and optionally "
                                "reference_doctype and role; see docs/portal.md.", id="django_frappe_web.E080"))
        elif doctype_problem(item):
            errors.append(Error(f"{where} {doctype_problem(item)}.", hint="Register the doctype (an app's "
                                "doctypes.py) or fix its name; see docs/portal.md.", id="django_frappe_web.E081"))
    return errors
