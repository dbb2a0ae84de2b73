"""Path safety: request paths to routes, and the "inside this folder" check (website/paths.py)."""

from __future__ import annotations

import os
import time

import pytest

from django_frappe_web.website.paths import is_inside, normalize_path
from tests.website.www_folders import write

pytestmark = pytest.mark.usefixtures("fresh_www_index")


# ---------------------------------------------------------------------------
# normalize_path
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, route",
    [
        ("/", ""),
        ("", ""),
        ("///", ""),
        ("/about", "about"),
        ("/about/", "about"),
        ("/about.html", "about"),
        ("/about/index", "about"),
        ("/about/index.html", "about"),
        ("about", "about"),
        ("//docs///setup//", "docs/setup"),
        ("/docs/setup.html", "docs/setup"),
        ("/index", "index"),
        ("/index.html", "index"),
        ("/downloads/report.pdf", "downloads/report.pdf"),
        ("/about.md", "about.md"),
        ("/café/menu", "café/menu"),
        ("/a b/c", "a b/c"),
        # a request path is rooted at the site: only ever looked up in the index
        ("/etc/passwd", "etc/passwd"),
        ("/v1.2/notes", "v1.2/notes"),
        ("/100%", "100%"),
    ],
)
def test_normalize_path_routes(raw, route):
    assert normalize_path(raw) == route


@pytest.mark.parametrize(
    "raw",
    [
        "/..",
        "/../etc/passwd",
        "/docs/../../etc/passwd",
        "/docs/..",
        "/./about",
        "/a/./b",
        "/.",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/etc/passwd",
        "/%2e/about",
        "/%252e%252e/etc/passwd",
        "/%252fetc",
        "/..%2f..%2fetc/passwd",
        "/docs%2f..%2f..%2fx",
        "/..%5c..%5cwin.ini",
        "/a%00b",
        "/..\\..\\windows\\win.ini",
        "/a\\b",
        "\\\\server\\share",
        "/about\x00.html",
        "\x00",
        "/a\nb",
        "/a\rb",
        "/a\tb",
        "/a\x1bb",
        "/a\x7fb",
        "/a\x85b",
        "C:/Windows/win.ini",
        "/C:/boot.ini",
        "/c:",
        "/.git/config",
        "/.git",
        "/.env",
        "/docs/.hidden/x",
        "/.html",
        "/docs/.html",
        "/_sidebar.json",
        "/docs/_macros.html",
        "/__pycache__/about.cpython-311.pyc",
        "/" + "a" * 10_000,
    ],
)
def test_normalize_path_rejects(raw):
    assert normalize_path(raw) is None


def test_normalize_path_length_limit_and_types():
    assert normalize_path("/" + "a" * 1999) == "a" * 1999
    assert normalize_path("/" + "a" * 2000) is None
    assert normalize_path(None) is None  # type: ignore[arg-type]
    assert normalize_path(b"/about") is None  # type: ignore[arg-type]


def test_normalize_path_is_fast():
    paths = ["/docs/setup/", "/about.html", "/a/b/c/d/e/f/index", "/../x", "/%2e%2e/x"] * 2000
    started = time.perf_counter()
    for path in paths:
        normalize_path(path)
    assert time.perf_counter() - started < 1.0  # ~10,000 calls; usually ~20 ms


def test_rooted_path_never_reaches_outside(sites):
    route = normalize_path("/etc/passwd")
    assert sites.find_page(route) is None
    assert sites.find_static(route) is None


def test_is_inside(tmp_path):
    write(tmp_path / "root" / "a.txt")
    write(tmp_path / "rootx" / "b.txt")
    os.symlink(tmp_path / "rootx" / "b.txt", tmp_path / "root" / "b.txt")
    assert is_inside(tmp_path / "root" / "a.txt", tmp_path / "root")
    assert is_inside(tmp_path / "root", tmp_path / "root")
    assert not is_inside(tmp_path / "rootx" / "b.txt", tmp_path / "root")  # prefix is not containment
    assert not is_inside(tmp_path / "root" / "b.txt", tmp_path / "root")
    assert not is_inside(tmp_path / "root" / ".." / "rootx", tmp_path / "root")
