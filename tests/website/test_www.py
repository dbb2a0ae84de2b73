"""The www-folder layer of the router: paths, the index, sources and controllers.

Fixture folders: ``fixtures/site_a`` and ``fixtures/site_b`` (used as
``WWW_DIRS`` in that order) and ``tests/testapp/www`` (the installed test app).
Trees that need symlinks or changes are built in ``tmp_path``.
"""

from __future__ import annotations

import os
import sys
import textwrap
import threading
import time
import types
from pathlib import Path

import pytest
from django.core.signals import setting_changed
from django.test import override_settings

from django_frappe_web.exceptions import ValidationError
from django_frappe_web.website import www
from django_frappe_web.website.www import (
    PageSource,
    WWWIndex,
    WWWRoot,
    call_get_context,
    controller_attrs,
    extract_title,
    get_www_index,
    is_inside,
    load_controller,
    normalize_path,
    read_source,
    render_markdown,
    reset_www_index,
    title_from_filename,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_A = FIXTURES / "site_a"
SITE_B = FIXTURES / "site_b"
TESTAPP_WWW = Path(__file__).resolve().parent.parent / "testapp" / "www"

A = os.path.realpath(SITE_A)
B = os.path.realpath(SITE_B)
APP = os.path.realpath(TESTAPP_WWW)


@pytest.fixture(autouse=True)
def _fresh_index():
    reset_www_index()
    yield
    reset_www_index()


@pytest.fixture
def sites():
    """The process-wide index with site_a and site_b as WWW_DIRS."""
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(SITE_A), SITE_B]}):
        yield get_www_index()


@pytest.fixture
def ab():
    """An index of exactly site_a then site_b (no installed apps), for exact listings."""
    return WWWIndex(roots=[SITE_A, SITE_B])


def write(path: Path, text: str = "", mtime_offset: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    if mtime_offset is not None:
        stamp = time.time() + mtime_offset
        os.utime(path, (stamp, stamp))
    return path


def age_tree(root: Path, seconds: float = 3600) -> None:
    """Set every folder's mtime in the past, so only later changes look recent."""
    stamp = time.time() - seconds
    for dirpath, _dirnames, _filenames in os.walk(root):
        os.utime(dirpath, (stamp, stamp))


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


# ---------------------------------------------------------------------------
# the index: roots and precedence
# ---------------------------------------------------------------------------


def test_roots_are_www_dirs_then_installed_apps(sites):
    roots = sites.roots
    assert roots[0] == WWWRoot(A, None)
    assert roots[1] == WWWRoot(B, None)
    assert WWWRoot(APP, "tests.testapp") in roots[2:]
    assert [root.path for root in roots].count(APP) == 1


def test_missing_www_dir_is_skipped(tmp_path):
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [tmp_path / "nope", SITE_A]}):
        index = get_www_index()
        assert index.roots[0].path == A
        assert index.find_page("about").root == A


def test_app_www_listed_in_www_dirs_is_searched_once_and_keeps_its_app():
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [TESTAPP_WWW]}):
        roots = get_www_index().roots
    assert roots[0] == WWWRoot(APP, "tests.testapp")
    assert [root.path for root in roots].count(APP) == 1


def test_html_wins_over_md_in_the_same_folder(sites):
    page = sites.find_page("about")
    assert page.path == os.path.join(A, "about.html")
    assert page.kind == "html"
    assert page.route == "about"
    assert page.root == A
    assert page.relpath == "about.html"
    assert page.app is None
    assert page.is_index is False


def test_file_wins_over_folder_index(sites):
    page = sites.find_page("guide")
    assert page.path == os.path.join(A, "guide.md")
    assert page.is_index is False


def test_first_folder_wins_whatever_the_candidate(sites):
    # site_a has faq.md, site_b has faq.html: the first folder having any candidate wins
    assert sites.find_page("faq").path == os.path.join(A, "faq.md")
    # only in site_b
    contact = sites.find_page("contact")
    assert contact.path == os.path.join(B, "contact.md")
    assert contact.kind == "md"
    assert contact.root == B


def test_www_dirs_win_over_installed_apps(sites):
    assert sites.find_page("wwwtest/shadowed").path == os.path.join(B, "wwwtest", "shadowed.html")
    with override_settings(FRAPPE_WEB={}):
        page = get_www_index().find_page("wwwtest/shadowed")
    assert page.path == os.path.join(APP, "wwwtest", "shadowed.html")
    assert page.app == "tests.testapp"


def test_folder_index_and_nested_pages(sites):
    docs = sites.find_page("docs")
    assert docs.path == os.path.join(A, "docs", "index.md")
    assert docs.is_index is True
    assert docs.kind == "md"
    assert docs.route == "docs"
    assert docs.controller is None
    assert sites.find_page("docs/index") is docs
    assert sites.find_page("/docs/") is docs

    setup = sites.find_page("docs/setup")
    assert setup.path == os.path.join(A, "docs", "setup.md")
    assert setup.controller == os.path.join(A, "docs", "setup.py")
    assert setup.parent_route == "docs"
    # a folder merged from two www dirs
    assert sites.find_page("docs/extra").path == os.path.join(B, "docs", "extra.md")


def test_home_page_is_route_index(sites):
    home = sites.find_page("index")
    assert home.path == os.path.join(A, "index.html")
    assert sites.find_page("") is home
    assert sites.find_page("index.html") is home
    assert home.parent_route is None


def test_controller_paths(sites):
    assert sites.find_page("about").controller == os.path.join(A, "about.py")
    # Frappe's rule: hyphens become underscores in the controller's name
    assert sites.find_page("getting-started").controller == os.path.join(A, "getting_started.py")
    assert sites.find_page("contact").controller is None


def test_private_hidden_and_missing_routes_are_not_pages(sites):
    for route in ("_sidebar", "docs/_macros", ".hidden/secret", "about.md", "about.py", "nope", "docs/nope"):
        assert sites.find_page(route) is None, route


def test_exact_page_listing(ab):
    assert [page.route for page in ab.iter_pages()] == [
        "about",
        "boom",
        "broken",
        "contact",
        "crlf",
        "docs",
        "docs/advanced",
        "docs/extra",
        "docs/setup",
        "empty-fm",
        "faq",
        "getting-started",
        "guide",
        "index",
        "listfm",
        "notitle",
        "rule",
        "wwwtest/shadowed",
    ]


# ---------------------------------------------------------------------------
# static files
# ---------------------------------------------------------------------------


def test_static_files_and_content_types(sites):
    report = sites.find_static("downloads/report.pdf")
    assert report.path == os.path.join(A, "downloads", "report.pdf")
    assert report.content_type == "application/pdf"
    assert report.route == "downloads/report.pdf"
    assert report.root == A
    assert sites.find_static("img/logo.png").content_type == "image/png"
    assert sites.find_static("style.css").content_type == "text/css"
    assert sites.find_static("style.css").path == os.path.join(A, "style.css")  # site_a wins
    assert sites.find_static("data.json").content_type == "application/json"
    assert sites.find_static("/downloads/report.pdf/") == report


def test_exact_static_listing(ab):
    # no .py, no page sources, no hidden/private files, no backups, no index.txt, and the
    # extension-less "about" file loses to the about page
    assert [item.route for item in ab.iter_static()] == [
        "data.json",
        "downloads/report.pdf",
        "img/logo.png",
        "style.css",
    ]


@pytest.mark.parametrize(
    "route",
    [
        "about.py",
        "docs/setup.py",
        "about.html",
        "about.md",
        "docs/index.md",
        "docs/index.txt",
        "_sidebar.json",
        "docs/_macros.html",
        ".env",
        ".hidden/secret.html",
        "about.html~",
        "about",
        "wwwtest/app_page.py",
        "wwwtest/helpers.py",
    ],
)
def test_never_static(sites, route):
    assert sites.find_static(route) is None


def test_fixture_files_for_never_static_exist():
    # the negative tests above must not pass because a fixture went missing
    for name in (".env", ".hidden/secret.html", "_sidebar.json", "about.html~", "about", "docs/index.txt", "about.py"):
        assert (SITE_A / name).is_file(), name


def test_python_cache_is_ignored(tmp_path):
    write(tmp_path / "page.html", "<h1>x</h1>")
    write(tmp_path / "page.py", "x = 1")
    write(tmp_path / "__pycache__" / "page.cpython-311.pyc", "junk")
    write(tmp_path / "stray.pyc", "junk")
    index = WWWIndex(roots=[tmp_path])
    assert [s.route for s in index.iter_static()] == []
    assert [p.route for p in index.iter_pages()] == ["page"]


# ---------------------------------------------------------------------------
# child listings and next links
# ---------------------------------------------------------------------------


def test_children_follow_index_txt_then_route_order(sites):
    # docs/index.txt lists setup, advanced; extra (from site_b) is not listed
    assert [page.route for page in sites.children("docs")] == ["docs/setup", "docs/advanced", "docs/extra"]
    assert sites.children("/docs/") == sites.children("docs")
    assert sites.children("docs/setup") == []


def test_top_level_children_exclude_home(ab):
    routes = [page.route for page in ab.children("")]
    assert routes == [
        "about",
        "boom",
        "broken",
        "contact",
        "crlf",
        "docs",
        "empty-fm",
        "faq",
        "getting-started",
        "guide",
        "listfm",
        "notitle",
        "rule",
    ]
    assert ab.children("index") == ab.children("")


def test_next_page(sites):
    assert sites.next_page("docs/setup").route == "docs/advanced"
    assert sites.next_page("docs/advanced").route == "docs/extra"
    assert sites.next_page("docs/extra") is None
    assert sites.next_page("index") is None
    assert sites.next_page("nope") is None


# ---------------------------------------------------------------------------
# symlinks
# ---------------------------------------------------------------------------


@pytest.fixture
def linked_tree(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "secret.html", "<h1>secret</h1>")
    write(outside / "secret.pdf", "%PDF")
    write(outside / "ctl.py", "LEAKED = True")
    write(outside / "dir" / "page.html", "<h1>outside page</h1>")
    write(outside / "dir" / "file.pdf", "%PDF")
    root = tmp_path / "www"
    write(root / "real.html", "<h1>real</h1>")
    write(root / "sub" / "doc.pdf", "%PDF")
    write(root / "ctl.html", "<h1>ctl</h1>")
    os.symlink(outside / "secret.html", root / "escape.html")
    os.symlink(outside / "secret.pdf", root / "escape.pdf")
    os.symlink(outside / "dir", root / "leak")
    os.symlink(outside / "ctl.py", root / "ctl.py")
    os.symlink(root / "real.html", root / "inner.html")  # stays inside: allowed
    os.symlink(root / "sub", root / "alias")  # stays inside: allowed
    os.symlink(root, root / "sub" / "loop")  # a loop must not hang the walk
    os.symlink(tmp_path / "missing", root / "dangling.pdf")
    return root


def test_symlinks_escaping_the_root_are_ignored(linked_tree):
    index = WWWIndex(roots=[linked_tree])
    root = os.path.realpath(linked_tree)
    assert index.find_page("escape") is None
    assert index.find_static("escape.pdf") is None
    assert index.find_page("leak/page") is None
    assert index.find_static("leak/file.pdf") is None
    assert index.find_static("dangling.pdf") is None
    assert index.find_page("ctl").controller is None  # the controller points outside
    assert index.find_page("inner").path == os.path.join(root, "real.html")
    assert index.find_static("alias/doc.pdf").path == os.path.join(root, "sub", "doc.pdf")
    for item in list(index.iter_pages()) + list(index.iter_static()):
        assert is_inside(item.path, root), item
    assert sorted(p.route for p in index.iter_pages()) == ["ctl", "inner", "real"]
    assert sorted(s.route for s in index.iter_static()) == ["alias/doc.pdf", "sub/doc.pdf"]


def test_root_that_is_a_symlink(tmp_path):
    write(tmp_path / "real" / "page.html", "<h1>x</h1>")
    os.symlink(tmp_path / "real", tmp_path / "link")
    index = WWWIndex(roots=[tmp_path / "link"])
    page = index.find_page("page")
    assert page.root == os.path.realpath(tmp_path / "real")
    assert page.path == os.path.join(page.root, "page.html")


def test_is_inside(tmp_path):
    write(tmp_path / "root" / "a.txt")
    write(tmp_path / "rootx" / "b.txt")
    os.symlink(tmp_path / "rootx" / "b.txt", tmp_path / "root" / "b.txt")
    assert is_inside(tmp_path / "root" / "a.txt", tmp_path / "root")
    assert is_inside(tmp_path / "root", tmp_path / "root")
    assert not is_inside(tmp_path / "rootx" / "b.txt", tmp_path / "root")  # prefix is not containment
    assert not is_inside(tmp_path / "root" / "b.txt", tmp_path / "root")
    assert not is_inside(tmp_path / "root" / ".." / "rootx", tmp_path / "root")


# ---------------------------------------------------------------------------
# warm index: no file-system work; DEBUG refresh
# ---------------------------------------------------------------------------


def test_process_wide_index_is_reused_and_reset():
    first = get_www_index()
    assert get_www_index() is first
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [SITE_A]}):
        second = get_www_index()
        assert second is not first
        assert get_www_index() is second
        reset_www_index()
        assert get_www_index() is not second
    with override_settings(DEBUG=True):
        assert get_www_index() is not first
    third = get_www_index()
    # INSTALLED_APPS overrides repopulate the app registry; the signal alone is what matters here
    setting_changed.send(sender=None, setting="INSTALLED_APPS", value=[], enter=False)
    assert get_www_index() is not third
    fourth = get_www_index()
    setting_changed.send(sender=None, setting="TIME_ZONE", value="UTC", enter=False)
    assert get_www_index() is fourth


def test_warm_index_does_not_touch_the_file_system(sites, monkeypatch):
    assert sites.find_page("about") is not None  # warm up
    assert sites.builds == 1
    sites.refresh_interval = 0  # only DEBUG ever checks; without it nothing is even stat'ed
    calls = []
    real_scandir, real_stat, real_walk, real_listdir = os.scandir, os.stat, os.walk, os.listdir

    def counting(name, function):
        def wrapper(*args, **kwargs):
            calls.append(name)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(os, "scandir", counting("scandir", real_scandir))
    monkeypatch.setattr(os, "stat", counting("stat", real_stat))
    monkeypatch.setattr(os, "walk", counting("walk", real_walk))
    monkeypatch.setattr(os, "listdir", counting("listdir", real_listdir))
    for _ in range(200):
        assert get_www_index() is sites
        assert sites.find_page("docs/setup") is not None
        assert sites.find_page("nope") is None
        assert sites.find_static("downloads/report.pdf") is not None
        assert len(sites.children("docs")) == 3
    monkeypatch.undo()
    assert calls == []
    assert sites.builds == 1


def test_without_debug_new_files_are_not_picked_up(tmp_path):
    write(tmp_path / "old.html", "<h1>old</h1>")
    with override_settings(DEBUG=False, FRAPPE_WEB={"WWW_DIRS": [tmp_path]}):
        index = get_www_index()
        index.refresh_interval = 0
        assert index.find_page("old") is not None
        write(tmp_path / "new.html", "<h1>new</h1>")
        assert index.find_page("new") is None
        assert index.builds == 1
        reset_www_index()
        assert get_www_index().find_page("new") is not None


def test_debug_refresh_picks_up_new_and_removed_files(tmp_path):
    write(tmp_path / "old.html", "<h1>old</h1>")
    write(tmp_path / "docs" / "index.md", "# Docs")
    age_tree(tmp_path)
    with override_settings(DEBUG=True, FRAPPE_WEB={"WWW_DIRS": [tmp_path]}):
        index = get_www_index()
        index.refresh_interval = 0
        assert index.find_page("old") is not None
        assert index.builds == 1
        assert index.find_page("docs/new") is None
        assert index.builds == 1  # nothing changed: no rebuild

        write(tmp_path / "docs" / "new.md", "# New")  # in a nested folder
        page = index.find_page("docs/new")
        assert page is not None and page.path == os.path.realpath(tmp_path / "docs" / "new.md")
        assert index.builds == 2

        (tmp_path / "old.html").unlink()
        age_tree(tmp_path, 1800)  # a different old mtime: a change, then nothing racy
        assert index.find_page("old") is None
        builds = index.builds
        assert index.find_page("docs") is not None
        assert index.builds == builds  # stable again


def test_debug_check_stats_folders_but_does_not_walk_them(tmp_path, monkeypatch):
    write(tmp_path / "a" / "b" / "page.html", "<h1>p</h1>")
    age_tree(tmp_path)
    with override_settings(DEBUG=True, FRAPPE_WEB={"WWW_DIRS": [tmp_path]}):
        index = get_www_index()
        index.refresh_interval = 0
        assert index.find_page("a/b/page") is not None
        scans = []
        real_scandir = os.scandir
        monkeypatch.setattr(os, "scandir", lambda *args: scans.append(args) or real_scandir(*args))
        for _ in range(20):
            assert index.find_page("a/b/page") is not None
        monkeypatch.undo()
        assert scans == []
        assert index.builds == 1


def test_debug_refresh_is_throttled(tmp_path):
    write(tmp_path / "old.html", "<h1>old</h1>")
    age_tree(tmp_path)
    with override_settings(DEBUG=True, FRAPPE_WEB={"WWW_DIRS": [tmp_path]}):
        index = get_www_index()
        index.refresh_interval = 3600
        assert index.find_page("old") is not None
        write(tmp_path / "new.html", "<h1>new</h1>")
        assert index.find_page("new") is None  # checked at most once per interval
        index.refresh_interval = 0
        assert index.find_page("new") is not None


def test_debug_notices_a_www_dir_created_later(tmp_path):
    later = tmp_path / "later"
    with override_settings(DEBUG=True, FRAPPE_WEB={"WWW_DIRS": [later]}):
        index = get_www_index()
        index.refresh_interval = 0
        assert index.find_page("hello") is None
        write(later / "hello.md", "# Hello")
        assert index.find_page("hello").path == os.path.realpath(later / "hello.md")


def test_concurrent_first_use_builds_once(sites):
    results = []
    barrier = threading.Barrier(8)

    def lookup():
        barrier.wait()
        results.append(sites.find_page("about"))

    threads = [threading.Thread(target=lookup) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sites.builds == 1
    assert len(results) == 8 and len({id(page) for page in results}) == 1


# ---------------------------------------------------------------------------
# sources: front matter, markdown, titles
# ---------------------------------------------------------------------------


def test_front_matter_html(sites):
    parsed = read_source(sites.find_page("about"))
    assert parsed.front_matter == {"title": "About us", "description": "Who we are"}
    assert parsed.body == "<h1>About A</h1>\n<p>{{ extra }}</p>\n"
    assert parsed.kind == "html"
    assert parsed.path == os.path.join(A, "about.html")


def test_front_matter_markdown_and_variants(sites):
    docs = read_source(sites.find_page("docs"))
    assert docs.front_matter == {"title": "Docs home", "description": "All the docs"}
    assert docs.body == "# Docs\n\nSee the pages below.\n"
    assert docs.kind == "md"

    plain = read_source(sites.find_page("contact"))
    assert plain.front_matter == {}
    assert plain.body == "# Contact\n\nWrite to us.\n"

    rule = read_source(sites.find_page("rule"))  # "---" without a closing line: a Markdown rule
    assert rule.front_matter == {}
    assert rule.body.startswith("---\n\nNot front matter")

    crlf = read_source(sites.find_page("crlf"))
    assert crlf.front_matter == {"title": "Windows"}
    assert crlf.body == "# CRLF\n"  # universal newlines

    empty = read_source(sites.find_page("empty-fm"))
    assert empty.front_matter == {}
    assert empty.body == "# Empty front matter\n"


def test_front_matter_copy_is_private(sites):
    page = sites.find_page("about")
    read_source(page).front_matter["title"] = "changed"
    assert read_source(page).front_matter["title"] == "About us"


def test_invalid_yaml_front_matter(sites):
    with pytest.raises(ValidationError) as excinfo:
        read_source(sites.find_page("broken"))
    assert "broken.md" in str(excinfo.value)
    assert "YAML" in str(excinfo.value)
    assert excinfo.value.http_status_code == 417


def test_non_mapping_front_matter(sites):
    with pytest.raises(ValidationError) as excinfo:
        read_source(sites.find_page("listfm"))
    assert "listfm.md" in str(excinfo.value)
    assert "mapping" in str(excinfo.value)


def test_non_utf8_source(tmp_path):
    (tmp_path / "latin.md").write_bytes("# caf\xe9".encode("latin-1"))
    with pytest.raises(ValidationError, match="latin.md"):
        read_source(WWWIndex(roots=[tmp_path]).find_page("latin"))


def test_read_source_sees_edits(tmp_path):
    source = write(tmp_path / "p.md", "---\ntitle: One\n---\nbody\n", mtime_offset=-100)
    page = WWWIndex(roots=[tmp_path]).find_page("p")
    assert read_source(page).front_matter == {"title": "One"}
    write(source, "---\ntitle: Two\n---\nbody\n", mtime_offset=0)
    assert read_source(page).front_matter == {"title": "Two"}


def test_render_markdown_tables_code_and_toc(sites):
    html, toc = render_markdown(read_source(sites.find_page("docs/setup")).body)
    assert '<h1 id="setup">Setup</h1>' in html
    assert '<h2 id="requirements">Requirements</h2>' in html
    assert "<th>name</th>" in html and "<td>python</td>" in html and "<table>" in html
    assert '<pre><code class="language-python">pip install django-frappe-web\n</code></pre>' in html
    assert '<a href="#requirements">Requirements</a>' in toc
    assert '<a href="#install">Install</a>' in toc
    assert toc.startswith('<div class="toc">')


def test_render_markdown_details():
    html, toc = render_markdown("Just text.")
    assert html == "<p>Just text.</p>"
    assert toc == ""  # no heading, no table of contents
    # the per-thread converter is reset between calls
    _, first = render_markdown("# One")
    _, second = render_markdown("# Two")
    assert "One" in first and "One" not in second
    # trusted: raw HTML is kept, and markdown="1" blocks are converted
    html, _ = render_markdown('<div class="note" markdown="1">**bold**</div>')
    assert '<div class="note">' in html and "<strong>bold</strong>" in html
    html, _ = render_markdown("1. one\n2. two\n\n* a\n* b")
    assert "<ol>" in html and "<ul>" in html


@pytest.mark.parametrize(
    "html, title",
    [
        ('<h1 id="x" class="t">Hello <em>World</em> &amp; Co</h1><h1>Second</h1>', "Hello World & Co"),
        ("<p>intro</p>\n<H1>\n  Upper\n  case\n</H1>", "Upper case"),
        ("<h2>Not a title</h2>", None),
        ("", None),
        ("<h1></h1>", None),
        ("<h1>{{ title }}</h1>", None),
        ("<h1>caf&eacute; &#8212; &lt;b&gt;</h1>", "café — <b>"),
        ("<header><h1>In header</h1></header>", "In header"),
    ],
)
def test_extract_title(html, title):
    assert extract_title(html) == title


def test_extract_title_from_rendered_markdown(sites):
    html, _ = render_markdown(read_source(sites.find_page("docs/setup")).body)
    assert extract_title(html) == "Setup"
    html, _ = render_markdown(read_source(sites.find_page("notitle")).body)
    assert extract_title(html) is None


@pytest.mark.parametrize(
    "route, title",
    [
        ("getting-started", "Getting Started"),
        ("docs/getting_started", "Getting Started"),
        ("/docs/setup/", "Setup"),
        ("about.md", "About"),
        ("faq", "Faq"),
        ("api-v2-notes", "Api V2 Notes"),
        ("", ""),
    ],
)
def test_title_from_filename(route, title):
    assert title_from_filename(route) == title


# ---------------------------------------------------------------------------
# controllers
# ---------------------------------------------------------------------------


def test_controller_with_argument_and_returned_dict(sites):
    module = load_controller(sites.find_page("about"))
    assert module.__name__.startswith("_frappe_www_controller_")
    assert sys.modules[module.__name__] is module
    assert os.path.realpath(module.__file__) == os.path.join(A, "about.py")
    context = {"path": "about", "title": "old"}
    result = call_get_context(module, context)
    assert result is context
    assert context == {"path": "about", "seen_path": "about", "extra": "merged", "title": "From get_context"}


def test_controller_without_argument(sites):
    module = load_controller(sites.find_page("docs/setup"))
    assert call_get_context(module, {"a": 1}) == {"a": 1, "no_arg": True}


def test_controller_mutating_context(sites):
    module = load_controller(sites.find_page("getting-started"))
    assert call_get_context(module, {}) == {"hyphen_controller": True}


def test_controller_attrs(sites):
    assert controller_attrs(load_controller(sites.find_page("about"))) == {
        "no_cache": 1,
        "sitemap": 0,
        "base_template_path": "custom/base.html",
        "title": "About (controller)",
    }
    assert controller_attrs(load_controller(sites.find_page("getting-started"))) == {"no_breadcrumbs": True}
    assert controller_attrs(load_controller(sites.find_page("docs/setup"))) == {}
    assert controller_attrs(None) == {}


def test_page_without_controller(sites):
    assert load_controller(sites.find_page("contact")) is None
    assert call_get_context(None, {"x": 1}) == {"x": 1}


def test_controllers_are_cached(sites):
    page = sites.find_page("about")
    assert load_controller(page) is load_controller(page)


def test_errors_in_get_context_propagate(sites):
    module = load_controller(sites.find_page("boom"))
    with pytest.raises(RuntimeError, match="boom from controller"):
        call_get_context(module, {})


def test_installed_app_controller_is_imported_as_package_module():
    page = get_www_index().find_page("wwwtest/app_page")
    assert page.app == "tests.testapp"
    assert page.controller == os.path.join(APP, "wwwtest", "app_page.py")
    module = load_controller(page)
    assert module.__name__ == "tests.testapp.www.wwwtest.app_page"
    assert sys.modules["tests.testapp.www.wwwtest.app_page"] is module
    # the relative import inside the controller worked
    assert call_get_context(module, {}) == {"greeting": "hello from a relative import"}


def test_installed_app_controller_in_non_identifier_folder_is_loaded_by_file():
    page = get_www_index().find_page("wwwtest/odd-dir/page")
    assert page.controller == os.path.join(APP, "wwwtest", "odd-dir", "page.py")
    module = load_controller(page)
    assert module.__name__.startswith("_frappe_www_controller_")
    assert module.LOADED_BY == "file"


def test_broken_controller_import_propagates(tmp_path):
    write(tmp_path / "bad.html", "<h1>bad</h1>")
    write(tmp_path / "bad.py", "def broken(:\n")
    write(tmp_path / "missing.html", "<h1>m</h1>")
    write(tmp_path / "missing.py", "import module_that_does_not_exist_xyz\n")
    index = WWWIndex(roots=[tmp_path])
    with pytest.raises(SyntaxError):
        load_controller(index.find_page("bad"))
    with pytest.raises(ModuleNotFoundError):
        load_controller(index.find_page("missing"))
    assert not [name for name, mod in sys.modules.items() if getattr(mod, "__file__", None) == str(tmp_path / "bad.py")]


def test_controller_reloads_in_debug_only(tmp_path):
    write(tmp_path / "page.html", "<h1>p</h1>")
    controller = write(tmp_path / "page.py", "VALUE = 1\n", mtime_offset=-100)
    page = WWWIndex(roots=[tmp_path]).find_page("page")
    with override_settings(DEBUG=False):
        first = load_controller(page)
        assert first.VALUE == 1
        write(controller, "VALUE = 2\n", mtime_offset=0)
        assert load_controller(page).VALUE == 1
    with override_settings(DEBUG=True):
        write(controller, "VALUE = 3\n", mtime_offset=10)
        reloaded = load_controller(page)
        assert reloaded.VALUE == 3
        assert reloaded.__name__ == first.__name__
        assert load_controller(page) is reloaded  # unchanged file: cached


def test_installed_app_controller_reloads_in_debug(tmp_path, monkeypatch):
    # same mechanism (importlib.reload) for a module imported by name: use a throw-away package
    package = tmp_path / "reloadapp"
    write(package / "__init__.py", "")
    write(package / "www" / "p.html", "<h1>p</h1>")
    controller = write(package / "www" / "p.py", "VALUE = 1\n", mtime_offset=-100)
    monkeypatch.syspath_prepend(str(tmp_path))
    page = WWWIndex(roots=[WWWRoot(str(package / "www"), "reloadapp")]).find_page("p")
    with override_settings(DEBUG=True):
        module = load_controller(page)
        assert module.__name__ == "reloadapp.www.p"
        assert module.VALUE == 1
        write(controller, "VALUE = 2\n", mtime_offset=10)
        assert load_controller(page).VALUE == 2
        assert sys.modules["reloadapp.www.p"].VALUE == 2
    for name in [name for name in sys.modules if name == "reloadapp" or name.startswith("reloadapp.")]:
        del sys.modules[name]


def _module(**attrs) -> types.ModuleType:
    module = types.ModuleType("fake_controller")
    module.__dict__.update(attrs)
    return module


def test_call_get_context_signatures():
    def with_default(context=None):
        return {"got": context is not None}

    def var_args(*args):
        return {"count": len(args)}

    def kw_only(**kwargs):
        return {"count": len(kwargs)}

    def returns_context(context):
        context["x"] = 1
        return context

    assert call_get_context(_module(get_context=with_default), {}) == {"got": True}
    assert call_get_context(_module(get_context=var_args), {}) == {"count": 1}
    assert call_get_context(_module(get_context=kw_only), {}) == {"count": 0}
    assert call_get_context(_module(get_context=returns_context), {}) == {"x": 1}
    assert call_get_context(_module(get_context="not callable"), {"a": 1}) == {"a": 1}
    assert call_get_context(_module(), {"a": 1}) == {"a": 1}


def test_call_get_context_rejects_odd_return_values():
    with pytest.raises(TypeError, match="returned list"):
        call_get_context(_module(get_context=lambda: [1, 2]), {})


def test_call_get_context_keeps_attribute_dict():
    from django_frappe_web.utils import _dict

    def frappe_style(context):
        context.no_cache = 1

    context = _dict(path="x")
    assert call_get_context(_module(get_context=frappe_style), context) is context
    assert context.no_cache == 1


def test_page_source_is_immutable(sites):
    page = sites.find_page("about")
    assert isinstance(page, PageSource)
    with pytest.raises(AttributeError):
        page.route = "x"  # type: ignore[misc]


def test_module_docstring_documents_decisions():
    doc = www.__doc__
    for phrase in ("WWW_DIRS", "first folder", "index.txt", "never", "DEBUG", "realpath"):
        assert phrase in doc, phrase
