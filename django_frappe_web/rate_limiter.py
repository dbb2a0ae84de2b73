"""``frappe.rate_limit``: fixed-window limits on the shared cache, 429 with ``Retry-After`` beyond them.

Every limit a request is counted against (these, the API's throttles, the login throttle) is
also reported as Frappe's rate limiter reports its own: ``X-RateLimit-Limit`` (calls allowed in
the window), ``X-RateLimit-Remaining`` (calls left in it) and ``X-RateLimit-Reset`` (seconds
until it ends), on the answer and on the 429. With several limits, the one with the fewest
calls left is sent (:func:`record_limit`; FrappeMiddleware adds the headers).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.utils.translation import gettext as _

from .exceptions import TooManyRequestsError
from .faults import report_fault
from .local import get_local, get_session_user
from .settings import web_settings


def rate_limit(
    limit: int | Callable[[], int] = 5,
    seconds: int = 60,
    key: str | None = None,
    methods: str | Iterable[str] = "ALL",
    ip_based: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Allow ``limit`` calls per ``seconds`` window per client IP (or per user when ``ip_based`` is False).

    ``key`` names a ``form_dict`` argument whose value is part of the bucket (e.g. the
    e-mail of a password-reset form), as in Frappe.
    """
    limited_methods = None if methods == "ALL" else {m.upper() for m in ([methods] if isinstance(methods, str) else methods)}

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            check_rate_limit(func, limit, seconds, key, limited_methods, ip_based)
            return func(*args, **kwargs)

        return wrapper

    return decorator


def check_rate_limit(
    func: Callable[..., Any],
    limit: int | Callable[[], int],
    seconds: int,
    key: str | None = None,
    methods: set[str] | None = None,
    ip_based: bool = True,
) -> None:
    local = get_local()
    request = local.request
    if request is not None and methods is not None and request.method not in methods:
        return
    bucket = _bucket(func, local, key, ip_based, seconds)
    allowed = limit() if callable(limit) else limit
    count = hit(bucket, seconds)
    record_limit(allowed, count, seconds)
    if count > allowed:
        retry_after = seconds_left(seconds)
        raise TooManyRequestsError(
            _("You hit the rate limit because of too many requests. Please try after {retry_after} seconds.").format(
                retry_after=retry_after),
            retry_after=retry_after,
        )


@dataclass(frozen=True)
class RateLimitState:
    """One limit as a request left it: ``X-RateLimit-*`` of the response."""

    limit: int
    remaining: int
    reset: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(self.reset)}


def record_limit(limit: int, count: int, seconds: int) -> None:
    """Note that this request counted ``count`` of ``limit`` calls in its window of ``seconds``.

    The limit with the fewest calls left is the one a client must heed, so it is the one kept.
    """
    local = get_local()
    if local.request is None:
        return
    state = RateLimitState(limit, max(limit - count, 0), seconds_left(seconds))
    kept = local.rate_limit
    if kept is None or (state.remaining, -state.reset) < (kept.remaining, -kept.reset):
        local.rate_limit = state


def _bucket(func: Callable[..., Any], local: Any, key: str | None, ip_based: bool, seconds: int) -> str:
    identity = (local.request_ip or "") if ip_based else get_session_user(local)
    extra = str(local.form_dict.get(key)) if key else ""
    raw = f"{func.__module__}.{func.__qualname__}|{identity}|{extra}|{current_window(seconds)}"
    return f"{web_settings.CACHE_KEY_PREFIX}:rl:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"


def current_window(seconds: int) -> int:
    """The number of the fixed window of ``seconds`` that now falls in (part of every counter's key)."""
    return int(time.time()) // seconds


def seconds_left(seconds: int) -> int:
    """Seconds until the current window of ``seconds`` ends, at least 1 (sent as ``Retry-After``)."""
    return max(1, seconds - int(time.time()) % seconds)


def hit(bucket: str, seconds: int) -> int:
    """Count one call in ``bucket``; returns the count in this window.

    Fails open: with the cache unavailable the count is 0 (every limit allows the
    call) and the outage is logged once a minute -- whether the backend raises
    (django-redis without ``IGNORE_EXCEPTIONS``) or answers ``None`` (with it).
    """
    cache = caches[web_settings.CACHE_ALIAS]
    try:
        if cache.add(bucket, 0, timeout=seconds + 1) is None:
            # Django's backends answer True/False; None is django-redis's IGNORE_EXCEPTIONS hiding an
            # outage -- don't wait on the server a second time for the incr.
            _limits_off(None)
            return 0
        count = cache.incr(bucket)
    except ValueError:  # the key went away between add and incr (eviction, or a flush)
        return 1
    except Exception as exc:  # noqa: BLE001 - any backend error: the limit fails open
        _limits_off(exc)
        return 0
    if not isinstance(count, int):  # django-redis with IGNORE_EXCEPTIONS answers None
        _limits_off(None)
        return 0
    return count


def _limits_off(exc: BaseException | None) -> None:
    report_fault("rate-limit", "The cache is unavailable: rate limits and throttles are not enforced", exc)
