"""The www index: folders and their precedence, pages, static files, child listings, symlinks and
the DEBUG refresh (website/www_index.py, website/www_files.py).

Fixture folders: ``fixtures/site_a`` and ``fixtures/site_b`` (used as ``WWW_DIRS`` in that order)
and ``tests/testapp/www`` (the installed test app). Trees that need symlinks or changes are built
in ``tmp_path``.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.core.signals import setting_changed
from django.test import override_settings

from django_frappe_web.website.paths import is_inside
from django_frappe_web.website.www_files import PageSource, WWWRoot
from django_frappe_web.website.www_index import WWWIndex, get_www_index, reset_www_index
from tests.website.www_folders import APP, SITE_A, TESTAPP_WWW, A, B, age_tree, write

pytestmark = pytest.mark.usefixtures("fresh_www_index")


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


def test_page_source_is_immutable(sites):
    page = sites.find_page("about")
    assert isinstance(page, PageSource)
    with pytest.raises(AttributeError):
        page.route = "x"  # type: ignore[misc]
