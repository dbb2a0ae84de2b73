"""Behind a reverse proxy, ``ProxyClientAddressMiddleware`` makes ``REMOTE_ADDR`` the visitor's address the
proxy forwarded, so throttles count visitors; from anyone but a trusted proxy, ``X-Forwarded-For`` is ignored."""

from __future__ import annotations

import asyncio
import json

import pytest
from django.core.checks import Error, Warning
from django.test import Client, RequestFactory, override_settings

from django_frappe_web.checks import check_middleware
from django_frappe_web.proxy import ProxyClientAddressMiddleware

PROXY = "django_frappe_web.proxy.ProxyClientAddressMiddleware"


def trusting(*proxies: str):
    return override_settings(FRAPPE_WEB={"TRUSTED_PROXIES": list(proxies)})


def address_seen(peer: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)
    seen = {}
    ProxyClientAddressMiddleware(lambda request: seen.setdefault("addr", request.META["REMOTE_ADDR"]))(request)
    return seen["addr"]


@trusting("127.0.0.1", "10.0.0.0/8")
@pytest.mark.parametrize(("peer", "forwarded", "seen"), [
    ("127.0.0.1", "203.0.113.5", "203.0.113.5"),  # the proxy's word for its visitor
    ("10.1.2.3", "203.0.113.5", "203.0.113.5"),  # a proxy of a trusted network
    ("127.0.0.1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # what the client claimed comes first: ignored
    ("127.0.0.1", " 2001:db8::1 ", "2001:db8::1"),
    ("198.51.100.9", "203.0.113.5", "198.51.100.9"),  # not a proxy: a visitor choosing an address
    ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ("127.0.0.1", "", "127.0.0.1"),
    ("127.0.0.1", None, "127.0.0.1"),
])
def test_remote_addr_is_the_forwarded_address_only_from_a_trusted_proxy(peer, forwarded, seen):
    assert address_seen(peer, forwarded) == seen


def test_without_trusted_proxies_x_forwarded_for_changes_nothing():
    assert address_seen("127.0.0.1", "203.0.113.5") == "127.0.0.1"


@trusting("127.0.0.1")
def test_the_middleware_runs_in_async_stacks_too():
    async def get_response(request):
        return request.META["REMOTE_ADDR"]

    middleware = ProxyClientAddressMiddleware(get_response)
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert asyncio.run(middleware(request)) == "203.0.113.5"


@pytest.mark.django_db
def test_the_login_throttle_counts_each_forwarded_visitor_not_the_proxy(settings):
    settings.MIDDLEWARE = [PROXY, *settings.MIDDLEWARE]
    settings.FRAPPE_WEB = {"TRUSTED_PROXIES": ["127.0.0.1"]}
    client = Client(REMOTE_ADDR="127.0.0.1")

    def attempt(visitor: str, n: int) -> int:
        return client.post("/api/method/login", json.dumps({"usr": f"user{n}", "pwd": "x"}),
                           content_type="application/json", HTTP_X_FORWARDED_FOR=visitor).status_code

    first = [attempt("203.0.113.5", n) for n in range(11)]  # ten a minute per address
    other = attempt("203.0.113.6", 99)

    assert first == [401] * 10 + [429]
    assert other == 401


def test_checks_refuse_a_trusted_proxy_that_is_no_address_and_warn_when_the_middleware_is_not_first(settings):
    settings.FRAPPE_WEB = {"TRUSTED_PROXIES": ["127.0.0.1", "nginx"]}

    problems = {(type(problem), problem.id) for problem in check_middleware()}
    settings.MIDDLEWARE = [PROXY, *settings.MIDDLEWARE]
    settings.FRAPPE_WEB = {"TRUSTED_PROXIES": ["127.0.0.1", "10.0.0.0/8"]}

    assert problems == {(Error, "django_frappe_web.E050"), (Warning, "django_frappe_web.W050")}
    assert check_middleware() == []
