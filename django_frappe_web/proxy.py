"""The visitor's address behind a reverse proxy: ``REMOTE_ADDR`` from the proxy's ``X-Forwarded-For``.

Throttles, ``frappe.rate_limit`` and the login throttle count per ``REMOTE_ADDR``. Behind nginx
that is nginx's own address for every visitor, so they would all share one count (ten logins a
minute for the whole site). ``ProxyClientAddressMiddleware``, placed first in ``MIDDLEWARE``,
replaces it with the address the proxy wrote -- only for a request that comes from an address
in ``FRAPPE_WEB["TRUSTED_PROXIES"]`` (addresses or networks), and only the last entry of
``X-Forwarded-For`` (the one that proxy added; anything before it is what the client claimed).
A value that is not an IP address leaves ``REMOTE_ADDR`` as it was.

gunicorn leaves ``REMOTE_ADDR`` as the peer's address and needs this; uvicorn replaces it itself
with ``--proxy-headers`` (its default, for ``--forwarded-allow-ips``), and then this is a no-op.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Iterable
from functools import lru_cache

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse

from .settings import web_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted(address: str, proxies: Iterable[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_networks(tuple(proxies)))


def forwarded_client(meta: dict) -> str | None:
    """The address a trusted proxy forwarded for this request, or ``None`` to keep ``REMOTE_ADDR``."""
    proxies = web_settings.TRUSTED_PROXIES
    if not proxies or not is_trusted(meta.get("REMOTE_ADDR") or "", proxies):
        return None
    client = (meta.get("HTTP_X_FORWARDED_FOR") or "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(client))
    except ValueError:
        return None


class ProxyClientAddressMiddleware:
    """Sets ``REMOTE_ADDR`` to the visitor's address a trusted proxy forwarded (sync and async)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        client = forwarded_client(request.META)
        if client is not None:
            request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
