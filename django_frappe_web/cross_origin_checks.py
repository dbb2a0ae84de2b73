"""System checks for front ends on another origin: CORS, CSRF and SameSite settings that disagree.

A single-page app served from ``https://app.example.com`` calling ``https://api.example.com/api``
needs three settings to agree (docs/api.md, "Front ends on another origin"): django-cors-headers
must allow its origin (with credentials, to send the session cookie), Django's CSRF check must
trust it (session writes carry its ``Origin``), and the session cookie's ``SameSite`` must let the
browser send the cookie from it. Each disagreement is a warning naming the origin, with a hint:

=============================  ==========================================================
``django_frappe_web.W070``     ``CORS_ALLOW_ALL_ORIGINS`` with ``CORS_ALLOW_CREDENTIALS``
``django_frappe_web.W071``     an origin allowed with credentials is not in ``CSRF_TRUSTED_ORIGINS``
``django_frappe_web.W072``     an origin allowed with credentials is another site, and the session
                               cookie is ``SameSite=Lax``/``Strict``
``django_frappe_web.W073``     a cookie is ``SameSite=None`` without ``Secure``
``django_frappe_web.W074``     CORS settings without ``corsheaders.middleware.CorsMiddleware``
=============================  ==========================================================

Only Django's settings are read: django-cors-headers need not be installed for the checks to run.
Origins of ``CORS_ALLOWED_ORIGIN_REGEXES`` cannot be listed, so W071 and W072 judge
``CORS_ALLOWED_ORIGINS`` only.
"""

from __future__ import annotations

import ipaddress
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning

CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
BEARER_HINT = "or let that front end use bearer tokens, which need neither cookies nor CSRF (docs/api.md)"


def _setting(name: str, old_name: str, default: Any) -> Any:
    """A django-cors-headers setting under its name, or the name of its older releases."""
    return getattr(settings, name, getattr(settings, old_name, default))


def check_cross_origin(app_configs: Any = None, **kwargs: Any) -> list:
    origins = list(_setting("CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST", []) or [])
    allow_all = bool(_setting("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL", False))
    regexes = _setting("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST", [])
    credentials = bool(getattr(settings, "CORS_ALLOW_CREDENTIALS", False))
    problems = _insecure_cookies()
    if not (origins or allow_all or regexes):
        return problems
    if CORS_MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(Warning(
            "CORS settings are set but django-cors-headers' middleware is not installed: browsers get no "
            "CORS headers, so front ends on other origins cannot read any answer.",
            hint=f"Add '{CORS_MIDDLEWARE}' to MIDDLEWARE, as high as possible (before CommonMiddleware).",
            id="django_frappe_web.W074"))
    if allow_all and credentials:
        problems.append(Warning(
            "CORS_ALLOW_ALL_ORIGINS with CORS_ALLOW_CREDENTIALS lets every web site call the API with its "
            "visitors' session cookies and read the answers.",
            hint="List the front ends' origins in CORS_ALLOWED_ORIGINS instead of allowing all.",
            id="django_frappe_web.W070"))
    if credentials:
        problems += [*_untrusted_for_csrf(origins), *_cookie_not_sent(origins)]
    return problems


def _untrusted_for_csrf(origins: list[str]) -> list:
    trusted = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []) or [])
    return [Warning(
        f"{origin} may call the API with credentials (CORS_ALLOWED_ORIGINS, CORS_ALLOW_CREDENTIALS) but is "
        "not in CSRF_TRUSTED_ORIGINS: its session-authenticated writes fail Django's origin check (400 "
        "CSRFTokenError).",
        hint=f"Add {origin!r} to CSRF_TRUSTED_ORIGINS, {BEARER_HINT}.",
        id="django_frappe_web.W071") for origin in origins if not any(fnmatchcase(origin, t) for t in trusted)]


def _cookie_not_sent(origins: list[str]) -> list:
    samesite = getattr(settings, "SESSION_COOKIE_SAMESITE", "Lax")
    if isinstance(samesite, str) and samesite.lower() == "none":
        return []
    sites = _own_sites()
    if sites is None:  # ALLOWED_HOSTS = ["*"] (or empty): which site this is cannot be told
        return []
    return [Warning(
        f"{origin} may call the API with credentials, but it is another site and SESSION_COOKIE_SAMESITE is "
        f"{samesite or 'unset (Lax in browsers)'!r}: browsers do not send the session cookie with its requests, "
        "so they are a guest's.",
        hint=f"Set SESSION_COOKIE_SAMESITE = 'None' with SESSION_COOKIE_SECURE = True (HTTPS), serve the front "
             f"end from the same site (a subdomain), {BEARER_HINT}.",
        id="django_frappe_web.W072") for origin in origins if _site(urlsplit(origin).hostname or "") not in sites]


def _insecure_cookies() -> list:
    problems = []
    for prefix in ("SESSION", "CSRF"):
        samesite = getattr(settings, f"{prefix}_COOKIE_SAMESITE", "Lax")
        if isinstance(samesite, str) and samesite.lower() == "none" and not getattr(settings, f"{prefix}_COOKIE_SECURE"):
            problems.append(Warning(
                f"{prefix}_COOKIE_SAMESITE is 'None' but {prefix}_COOKIE_SECURE is False: browsers refuse a "
                "SameSite=None cookie that is not Secure, so it is never stored.",
                hint=f"Set {prefix}_COOKIE_SECURE = True and serve the site over HTTPS.",
                id="django_frappe_web.W073"))
    return problems


def _own_sites() -> set[str] | None:
    hosts = [host.lstrip(".").split(":")[0] for host in settings.ALLOWED_HOSTS]
    if not hosts or "*" in hosts:
        return None
    return {_site(host) for host in hosts}


def _site(host: str) -> str:
    """The site of ``host`` as browsers group cookies: an IP address or single label as it is, else its
    last two labels (an approximation of the registrable domain without the public suffix list)."""
    host = host.lower().strip("[]")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        return ".".join(host.split(".")[-2:])
