"""The package's URLconf: a website path is resolved by the catch-all placed first, and every path
resolves exactly as it would with the catch-all only last (the package's own routes keep theirs)."""

from __future__ import annotations

import random

import pytest
from django.urls import URLResolver, path, re_path, resolve
from django.urls.resolvers import RegexPattern

from django_frappe_web import urls, views

PATHS = [
    "", "guest-page", "about/team", "login", "logout", "loginx", "login/", "sitemap.xml", "robots.txt",
    "robots.txt/x", "_", "_x", "_theme/0123456789abcdef.css", "_preview/token", "files", "files/a.png",
    "private/files/a.pdf", "private", "backups/x.sql.gz", "web-form-assets/1/abc/custom.css", "api",
    "api/", "api/method/ping", "api/resource/Article", "apix", "\n", "a%2Fb", "ünïcode/päth", "x" * 300,
]


def resolved(resolver: URLResolver, route: str):
    match = resolver.resolve("/" + route)
    return match.func, match.args, match.kwargs, match.url_name


@pytest.fixture(scope="module")
def without_fast_path():
    return URLResolver(RegexPattern(r"^/"), urls.urlpatterns[1:])


def test_a_website_page_is_resolved_by_the_first_pattern():
    assert urls.urlpatterns[0].callback is views.serve
    assert urls.urlpatterns[0].resolve("guest-page").kwargs == {"path": "guest-page"}
    assert urls.urlpatterns[0].resolve("login") is None  # the package's own route is not the website's


@pytest.mark.parametrize("route", PATHS)
def test_every_path_resolves_as_with_the_catch_all_only_last(route, without_fast_path):
    fast = URLResolver(RegexPattern(r"^/"), urls.urlpatterns)
    assert resolved(fast, route) == resolved(without_fast_path, route)


def test_random_paths_resolve_as_with_the_catch_all_only_last(without_fast_path):
    generator = random.Random(12)
    fast = URLResolver(RegexPattern(r"^/"), urls.urlpatterns)
    pieces = ["login", "api", "_", "files", "private", "backups", "web-form-assets", "x", "/", ".", "robots.txt", ""]
    for _ in range(2000):
        route = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 5)))
        assert resolved(fast, route) == resolved(without_fast_path, route), route


def test_the_package_routes_keep_their_views():
    assert resolve("/login").url_name == "login"
    assert resolve("/").url_name == "root"
    assert resolve("/api/method/ping").url_name == "api-method"
    assert resolve("/files/a.png").url_name == "public-file"
    assert resolve("/guest-page").url_name == "serve"


def test_no_fast_path_when_a_pattern_is_a_regular_expression():
    patterns = [path("login", views.login), re_path(r"^old-(?P<x>\d+)$", views.login)]
    assert urls.website_paths_first(patterns) == []
    assert len(urls.website_paths_first([path("login", views.login), path("files/<path:name>", views.login)])) == 1
