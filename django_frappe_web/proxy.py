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
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest
from django.utils.decorators import sync_and_async_middleware

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


@sync_and_async_middleware
def ProxyClientAddressMiddleware(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:  # noqa: N802 - a middleware is named as a class
    """Sets ``REMOTE_ADDR`` to the visitor's address a trusted proxy forwarded; no thread hop under ASGI."""
    if iscoroutinefunction(get_response):
        async def middleware(request: HttpRequest) -> Any:
            use_forwarded_client(request)
            return await get_response(request)
    else:
        def middleware(request: HttpRequest) -> Any:
            use_forwarded_client(request)
            return get_response(request)
    return middleware


def use_forwarded_client(request: HttpRequest) -> None:
    client = forwarded_client(request.META)
    if client is not None:
        request.META["REMOTE_ADDR"] = client
