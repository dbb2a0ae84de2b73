"""Throttles per scope (``login``, ``anon``, ``user``) with rates from ``FRAPPE_WEB["API_THROTTLE_RATES"]``.

DRF's rate format (``"10/min"``, ``"1000/day"``; ``None`` turns a scope off), counted
in fixed windows with the atomic counters of :func:`django_frappe_web.rate_limiter.hit`
on ``FRAPPE_WEB["CACHE_ALIAS"]``, so every process sharing the cache shares the limits.
The client's address is ``REMOTE_ADDR`` (as for ``frappe.rate_limit``): trusting
``X-Forwarded-For`` would let a client pick a fresh address per request.
"""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from ..local import get_local
from ..login_throttle import count_login_attempt
from ..rate_limiter import current_window, hit, record_limit, seconds_left
from ..settings import web_settings


class BaseFrappeThrottle(SimpleRateThrottle):
    """A scope's rate from ``API_THROTTLE_RATES``; subclasses say whom a request counts against."""

    scope: str = ""

    def get_rate(self) -> str | None:
        return (web_settings.API_THROTTLE_RATES or {}).get(self.scope)

    def get_ident(self, request: Any) -> str:
        return request.META.get("REMOTE_ADDR") or ""

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        bucket = f"{web_settings.CACHE_KEY_PREFIX}:throttle:{self.scope}:{ident}:{current_window(self.duration)}"
        count = hit(bucket, self.duration)
        record_limit(self.num_requests, count, self.duration)  # X-RateLimit-* headers
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the current window ends (sent as ``Retry-After``)."""
        return seconds_left(self.duration)


class AnonThrottle(BaseFrappeThrottle):
    """Requests without a logged-in user, per client address."""

    scope = "anon"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return None if request.user.is_authenticated else self.get_ident(request)


class UserThrottle(BaseFrappeThrottle):
    """Requests of a logged-in user (session or API key), per user."""

    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return str(request.user.pk) if request.user.is_authenticated else None


class LoginThrottle(BaseFrappeThrottle):
    """Login attempts, successful or not: the website's login throttle (:mod:`django_frappe_web.login_throttle`),
    per client address and per username (``usr``), so ``/login`` and the API share one count."""

    scope = "login"
    retry_after: int | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        self.retry_after = count_login_attempt(self.get_ident(request), get_local().form_dict.get("usr"))
        return self.retry_after is None

    def wait(self) -> float:
        return self.retry_after or super().wait()
