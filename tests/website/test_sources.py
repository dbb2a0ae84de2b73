"""Reading www page sources: front matter, Markdown and titles (website/sources.py)."""

from __future__ import annotations

import os

import pytest

from django_frappe_web.exceptions import ValidationError
from django_frappe_web.website.sources import (
    clear_source_cache,
    extract_title,
    read_sidebar,
    read_source,
    render_markdown,
    title_from_filename,
)
from django_frappe_web.website.www_index import WWWIndex
from tests.website.www_folders import A, write

pytestmark = pytest.mark.usefixtures("fresh_www_index")


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


def test_read_source_sees_edits_with_debug(tmp_path, settings):
    settings.DEBUG = True
    source = write(tmp_path / "p.md", "---\ntitle: One\n---\nbody\n", mtime_offset=-100)
    page = WWWIndex(roots=[tmp_path]).find_page("p")
    assert read_source(page).front_matter == {"title": "One"}
    write(source, "---\ntitle: Two\n---\nbody\n", mtime_offset=0)
    assert read_source(page).front_matter == {"title": "Two"}


def test_read_source_reads_the_disk_once_without_debug_as_djangos_cached_template_loader(tmp_path):
    source = write(tmp_path / "p.md", "---\ntitle: One\n---\nbody\n", mtime_offset=-100)
    page = WWWIndex(roots=[tmp_path]).find_page("p")
    assert read_source(page).front_matter == {"title": "One"}
    write(source, "---\ntitle: Two\n---\nbody\n", mtime_offset=0)
    assert read_source(page).front_matter == {"title": "One"}
    clear_source_cache()  # what a rebuild of the www index (reset_www_index) does
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


@pytest.mark.parametrize("debug", [False, True])
def test_a_folders_sidebar_is_read_once_and_again_on_a_change_with_debug(tmp_path, settings, debug):
    settings.DEBUG = debug
    sidebar = tmp_path / "_sidebar.json"
    write(sidebar, '[{"route": "/one", "title": "One"}]', mtime_offset=-100)
    assert read_sidebar(str(tmp_path)) == [{"route": "/one", "title": "One"}]
    write(sidebar, '[{"route": "/two", "title": "Two"}, {"no": "route"}]', mtime_offset=0)
    expected = [{"route": "/two", "title": "Two"}] if debug else [{"route": "/one", "title": "One"}]
    assert read_sidebar(str(tmp_path)) == expected
    clear_source_cache()
    assert read_sidebar(str(tmp_path)) == [{"route": "/two", "title": "Two"}]
