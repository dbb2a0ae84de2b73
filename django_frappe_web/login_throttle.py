"""One throttle for every login: the website's ``/login`` form and ``/api/method/login``.

The rate is ``FRAPPE_WEB["API_THROTTLE_RATES"]["login"]`` (DRF's format, ``"10/min"`` by
default; ``None`` turns it off). Every attempt, right or wrong, counts twice in fixed
windows on the shared cache (:func:`django_frappe_web.rate_limiter.hit`): once for the
client address (``REMOTE_ADDR``) and once for the username typed. Beyond the limit in
either, the attempt is refused before any password is checked -- the right one too --
until the window ends: an attacker can neither try many passwords from one address nor
one account's passwords from many addresses.

This module does not import Django REST framework: the website's login works without it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

from .exceptions import TooManyRequestsError
from .rate_limiter import current_window, hit, record_limit, seconds_left
from .settings import web_settings

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """``"10/min"`` → ``(10, 60)`` (DRF's format: the period's first letter counts); ``None`` → ``None``."""
    if not rate:
        return None
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0].lower()]


def login_rate() -> tuple[int, int] | None:
    """The login limit as ``(attempts, seconds)``, or ``None`` when it is off."""
    return parse_rate((web_settings.API_THROTTLE_RATES or {}).get("login"))


def count_login_attempt(client_ip: str, username: Any, action: str = "login") -> int | None:
    """Count one login attempt; the seconds to wait when it is over the limit, else ``None``.

    ``action`` names the count: sign-ups and password resets (docs/accounts.md) are held to the
    login's limit in counts of their own, so a sign-up never uses up someone's logins."""
    rate = login_rate()
    if rate is None:
        return None
    limit, seconds = rate
    # ``or 0``: a cache that cannot count lets the attempt through (the limit fails open).
    counts = [hit(bucket, seconds) or 0 for bucket in login_buckets(client_ip, username, current_window(seconds), action)]
    record_limit(limit, max(counts), seconds)
    if max(counts) <= limit:
        return None
    return seconds_left(seconds)


def check_login_attempt(client_ip: str, username: Any, action: str = "login") -> None:
    """Count one login attempt; raise ``TooManyRequestsError`` (429, ``Retry-After``) beyond the limit."""
    wait = count_login_attempt(client_ip, username, action)
    if wait is not None:
        what = "login attempts" if action == "login" else "requests"
        raise TooManyRequestsError(
            _("Too many {what}. Please try again in {wait} seconds.").format(what=what, wait=wait), retry_after=wait
        )


def login_buckets(client_ip: str, username: Any, window: int, action: str = "login") -> list[str]:
    """The cache keys an attempt counts in: its address's, and its username's when one was given."""
    prefix = f"{web_settings.CACHE_KEY_PREFIX}:throttle:{action}"
    buckets = [f"{prefix}:ip:{client_ip}:{window}"]
    if isinstance(username, str) and username.strip():
        # Hashed: a username may be long or hold characters a cache key must not; lower-cased,
        # so "Alice" and "alice" share one count.
        digest = hashlib.sha256(username.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()
        buckets.append(f"{prefix}:user:{digest}:{window}")
    return buckets
