"""Website pages through Django's test client: www pages, Markdown, static files, WebPage rows,
templates, meta tags, breadcrumbs, sidebar, child listings, the settings context and the home page.

The www folder is ``fixtures/router_site/www`` (as ``FRAPPE_WEB["WWW_DIRS"]``); trees that a test
needs to change are built in ``tmp_path``.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.http import http_date

from django_frappe_web.models import WebPage, WebsiteLink, WebsiteSettings
from tests.website.router_site import WWW

pytestmark = pytest.mark.usefixtures("router_site")


def text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def main(response) -> str:
    """The page's ``<main>`` element (what the page itself rendered, without the base template)."""
    match = re.search(r'<main class="page-content">(.*?)</main>', text(response), re.S)
    assert match, text(response)
    return match.group(1).strip()


def title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", text(response), re.S)
    assert match
    return match.group(1).strip()


def www_settings(*dirs, **extra):
    return override_settings(FRAPPE_WEB={"WWW_DIRS": [str(d) for d in dirs], **extra})


def templates_with_dir(path: Path) -> list[dict]:
    """The test TEMPLATES with a project template folder ``path`` searched first."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(path)]
    return templates


# --- www pages -------------------------------------------------------------------------


def test_home_page_is_the_www_index(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert main(response) == "<h1>Router home</h1>\n<p>home-marker</p>"
    assert title(response) == "Router home"
    # the home page's canonical address is "/", not /index
    assert '<link rel="canonical" href="http://testserver/">' in text(response)


def test_index_is_the_home_page_too(client):
    assert main(client.get("/index")) == main(client.get("/"))
    assert '<link rel="canonical" href="http://testserver/">' in text(client.get("/index"))


@pytest.mark.parametrize("path", ["/about", "/about/", "/about.html", "/about//"])
def test_a_page_has_one_route_in_several_spellings(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<h1 id="about-this-site">About this site</h1>' in main(response)
    assert '<link rel="canonical" href="http://testserver/about">' in text(response)


def test_markdown_page_renders_tables_fenced_code_toc_and_keeps_raw_html(client):
    html = main(client.get("/about"))
    assert "<table>" in html and "<th>feature</th>" in html and "<td>tables</td>" in html
    assert '<pre><code class="language-python">print(&quot;fenced&quot;)' in html
    assert '<h1 id="about-this-site">' in html  # toc gives headings ids
    assert '<div class="raw-html-kept">staff html</div>' in html  # trusted source: raw HTML kept
    assert "sitemap: true" not in html and "---" not in html  # front matter is not content


def test_front_matter_gives_title_description_and_image_meta_tags(client):
    page = text(client.get("/about"))
    assert "<title>About Router</title>" in page
    for tag in (
        '<meta name="description" content="All about the router site">',
        '<meta property="og:title" content="About Router">',
        '<meta property="og:type" content="website">',
        '<meta property="og:description" content="All about the router site">',
        '<meta property="og:image" content="/assets/about.png">',
        '<meta property="og:url" content="http://testserver/about">',
        '<meta name="twitter:card" content="summary_large_image">',
        '<meta name="twitter:title" content="About Router">',
        '<meta name="twitter:description" content="All about the router site">',
        '<meta name="twitter:image" content="/assets/about.png">',
        '<link rel="canonical" href="http://testserver/about">',
    ):
        assert tag in page, tag


def test_page_without_description_or_image_has_no_empty_meta_tags(client):
    page = text(client.get("/contact"))
    assert 'name="description"' not in page
    assert "og:image" not in page and "twitter:image" not in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_title_comes_from_the_first_h1_then_the_file_name(client):
    assert title(client.get("/contact")) == "Contact us"  # first <h1>
    assert title(client.get("/fresh")) == "Fresh"
    full = client.get("/full")  # no <h1> before rendering: the file name
    assert title(full) == "Full"


def test_controller_get_context_and_hooks_feed_the_template(client):
    html = main(client.get("/contact"))
    assert '<p id="email">team@example.com</p>' in html  # dict returned by get_context() is merged
    assert '<p id="hooked">from-hooks|route=contact</p>' in html  # website_context hooks (dict and callable)


def test_controller_without_argument_and_controller_title(client, tmp_path):
    (tmp_path / "plain.html").write_text("<h1>Ignored heading</h1><p>{{ answer }}</p>")
    (tmp_path / "plain.py").write_text("title = 'Controller title'\n\ndef get_context():\n    return {'answer': 42}\n")
    with www_settings(tmp_path):
        response = client.get("/plain")
    assert response.status_code == 200
    assert main(response) == "<h1>Ignored heading</h1><p>42</p>"
    assert title(response) == "Controller title"


def test_a_full_template_is_not_wrapped_twice(client):
    page = text(client.get("/full"))
    assert page.count("<html") == 1 and page.count('<main class="page-content">') == 1
    assert '<p id="full-title">Full</p>' in page


def test_base_template_path_from_a_controller_and_from_settings(client, tmp_path):
    templates = tmp_path / "templates"
    (templates / "custom").mkdir(parents=True)
    (templates / "custom" / "base.html").write_text("<custom-base>{{ title }}::{{ content }}</custom-base>")
    (templates / "custom" / "site.html").write_text("<site-base>{{ content }}</site-base>")
    site = tmp_path / "www"
    site.mkdir()
    (site / "own.md").write_text("# Own base\n")
    (site / "own.py").write_text("base_template_path = 'custom/base.html'\n")
    (site / "default.md").write_text("# Default base\n")
    with override_settings(TEMPLATES=templates_with_dir(templates)):
        with www_settings(site):
            assert text(client.get("/own")) == '<custom-base>Own base::<h1 id="own-base">Own base</h1></custom-base>'
            assert "<!DOCTYPE html>" in text(client.get("/default"))
        # (a page cached under the old settings would stay until clear_website_cache: skip the cache)
        with www_settings(site, BASE_TEMPLATE="custom/site.html", PAGE_CACHE_TIMEOUT=0):
            assert text(client.get("/default")) == '<site-base><h1 id="default-base">Default base</h1></site-base>'


def test_head_request_has_headers_but_no_body(client):
    response = client.head("/about")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == b""


def test_post_to_a_www_page_renders_it(client):
    response = client.post("/greet", {"name": "posted"})
    assert response.status_code == 200
    assert '<p id="form-dict">posted</p>' in main(response)


def test_missing_page_is_the_404_template(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in main(response)
    assert title(response) == "Not Found"


def test_permission_error_is_403_with_a_login_link_for_guests(client, client_alice):
    response = client.get("/members")
    assert response.status_code == 403
    assert "Members only" in main(response)
    assert '<a class="btn btn-primary" href="/login?redirect-to=/members">Log in</a>' in main(response)

    response = client_alice.get("/members")
    assert response.status_code == 200
    assert '<p id="member">alice</p>' in main(response)


def test_permission_error_for_a_logged_in_user_has_no_login_link(client_alice, tmp_path):
    (tmp_path / "staff.html").write_text("<h1>Staff</h1>")
    (tmp_path / "staff.py").write_text(
        "from django_frappe_web import frappe\n\ndef get_context(context):\n    raise frappe.PermissionError('Staff only')\n"
    )
    with www_settings(tmp_path):
        response = client_alice.get("/staff")
    assert response.status_code == 403
    assert "Staff only" in main(response)
    assert "/login?redirect-to" not in text(response)


def test_validation_error_is_417_with_its_message_escaped(client):
    response = client.get("/validate")
    assert response.status_code == 417
    page = text(response)
    assert "<h1>Check your input</h1>" in page
    assert "Bad &lt;b&gt;input&lt;/b&gt;" in page


def test_frappe_redirect_in_get_context(client):
    response = client.get("/go")
    assert response.status_code == 307
    assert response["Location"] == "/about"


def test_project_templates_override_the_package_ones(client, tmp_path):
    (tmp_path / "frappe_web").mkdir()
    (tmp_path / "frappe_web" / "404.html").write_text("project 404 for {{ route }}")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)):
        response = client.get("/missing-here")
    assert response.status_code == 404
    assert text(response) == "project 404 for missing-here"


# --- static files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "content"),
    [
        ("/assets/report.pdf", "application/pdf", b"%PDF-1.4\n% router-site fake pdf\n"),
        ("/assets/style.css", "text/css", b"body{color:red}\n"),
        ("/assets/data.json", "application/json", b'{"ok": true}\n'),
    ],
)
def test_static_files_are_streamed_with_their_content_type(client, path, content_type, content):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    assert "X-From-Cache" not in response  # streamed from disk, never put in the page cache


def test_static_file_revalidates_with_last_modified(client):
    first = client.get("/assets/style.css")
    last_modified = first["Last-Modified"]
    assert client.get("/assets/style.css", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/assets/style.css", HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


# --- WebPage rows ----------------------------------------------------------------------


def test_web_page_row_is_served_at_its_route(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(
            title="Our team", route="company/team", main_section="# Team\n\nWe are *few*.",
            description="The people", meta_image="/img/team.png",
        )
    response = client.get("/company/team")
    assert response.status_code == 200
    assert title(response) == "Our team"
    html = main(response)
    assert '<article class="web-page"><h1 id="team">Team</h1>\n<p>We are <em>few</em>.</p></article>' == html
    page = text(response)
    assert '<meta name="description" content="The people">' in page
    assert '<meta property="og:image" content="/img/team.png">' in page
    assert '<link rel="canonical" href="http://testserver/company/team">' in page


def test_html_web_page_keeps_the_staff_html(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="Raw", route="raw", content_type="html",
                               main_section='<div class="staff">Hi<script>var staff = 1;</script></div>')
    assert '<div class="staff">Hi<script>var staff = 1;</script></div>' in main(client.get("/raw"))


def test_unpublished_web_page_is_404(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="Draft", route="draft", main_section="secret draft", published=False)
    response = client.get("/draft")
    assert response.status_code == 404
    assert "secret draft" not in text(response)


def test_web_page_row_comes_before_a_www_page_of_the_same_route(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="About (row)", route="about", main_section="from the database")
    response = client.get("/about")
    assert title(response) == "About (row)"
    assert "from the database" in main(response)
    assert "About this site" not in text(response)


def test_project_template_for_web_pages(client, tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "django_frappe_web").mkdir()
    (tmp_path / "django_frappe_web" / "webpage_detail.html").write_text("custom detail: {{ title }} / {{ main_section }}")
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="T", route="tpl", content_type="html", main_section="<b>body</b>")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)):
        assert text(client.get("/tpl")) == "custom detail: T / <b>body</b>"


# --- breadcrumbs, sidebar, child listing -----------------------------------------------


def test_nested_pages_have_breadcrumbs(client):
    crumbs = '<nav class="breadcrumbs" aria-label="breadcrumb"><a href="/">Home</a> / <a href="/docs">Documentation</a></nav>'
    assert crumbs in text(client.get("/docs/usage"))
    # docs/deep has no page of its own: it is left out, the nearest page with a title stays
    assert crumbs in text(client.get("/docs/deep/page"))


def test_nested_web_pages_have_breadcrumbs_from_rows_and_www_pages(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="Company", route="company", main_section="x")
        WebPage.objects.create(title="Secret unit", route="company/unit", main_section="x", published=False)
        WebPage.objects.create(title="Team", route="company/unit/team", main_section="x")
        WebPage.objects.create(title="Extra", route="docs/extra", main_section="x")
    assert ('<nav class="breadcrumbs" aria-label="breadcrumb"><a href="/">Home</a> / '
            '<a href="/company">Company</a></nav>') in text(client.get("/company/unit/team"))  # no unpublished parent
    assert ('<nav class="breadcrumbs" aria-label="breadcrumb"><a href="/">Home</a> / '
            '<a href="/docs">Documentation</a></nav>') in text(client.get("/docs/extra"))  # a www parent
    assert 'class="breadcrumbs"' not in text(client.get("/company"))


def test_top_level_pages_have_no_breadcrumbs(client):
    for path in ("/", "/about", "/docs"):
        assert 'class="breadcrumbs"' not in text(client.get(path)), path


def test_sidebar_from_the_folder_sidebar_file(client):
    sidebar = ('<aside class="sidebar"><ul><li><a href="/docs/install">Install guide</a></li>'
               '<li><a href="/docs/usage">Usage guide</a></li></ul></aside>')
    for path in ("/docs", "/docs/usage"):
        page = text(client.get(path))
        assert sidebar in page, path
        assert '<div class="page-container with-sidebar">' in page
    assert 'class="sidebar"' not in text(client.get("/about"))


def test_child_listing_follows_index_txt_and_next_links(client):
    html = main(client.get("/docs"))
    assert ('<ul class="page-index"><li><a href="/docs/usage">Usage</a></li>'
            '<li><a href="/docs/install">Install</a></li></ul>') in html
    assert "{index}" not in html
    assert '<p class="next-page"><a href="/docs/install">Next: Install</a></p>' in main(client.get("/docs/usage"))
    install = main(client.get("/docs/install"))
    assert "next-page" not in install and "{next}" not in install  # the last child has no next link


# --- website settings and the home page ------------------------------------------------


def make_settings(**fields) -> WebsiteSettings:
    row = WebsiteSettings(**fields)
    row.save()
    return row


def test_website_settings_are_in_every_page(client, django_capture_on_commit_callbacks):
    before = text(client.get("/about"))
    assert "<title>About Router</title>" in before
    with django_capture_on_commit_callbacks(execute=True):
        row = make_settings(title_prefix="Acme", brand_html="<b>Acme</b> Inc", copyright="Acme Ltd",
                            favicon="/favicon.png", footer_text="Made with <care>")
        WebsiteLink.objects.create(settings=row, location="top_bar", label="Blog", url="/blog", ordering=1)
        WebsiteLink.objects.create(settings=row, location="footer", label="Privacy", url="/privacy")
    page = text(client.get("/about"))
    assert "<title>Acme | About Router</title>" in page
    assert '<meta property="og:title" content="About Router">' in page  # the page's own title
    assert '<a class="brand" href="/"><b>Acme</b> Inc</a>' in page  # brand is staff HTML
    assert '<link rel="icon" href="/favicon.png">' in page
    assert '<nav id="navbar-links" aria-label="Main">\n      <a href="/blog">Blog</a>' in page
    assert '<footer class="footer">\n    <a href="/privacy">Privacy</a>' in page
    assert '<div class="footer-text">Made with &lt;care&gt;</div>' in page  # plain text: escaped
    assert '<div class="copyright">&copy; Acme Ltd</div>' in page


def test_website_settings_object_is_in_the_page_context(client, tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "uses.html").write_text("<h1>Uses</h1><p>{{ website_settings.copyright }}</p>")
    with django_capture_on_commit_callbacks(execute=True):
        make_settings(copyright="Context Co")
    with www_settings(tmp_path):
        assert main(client.get("/uses")) == "<h1>Uses</h1><p>Context Co</p>"


def test_home_page_from_settings_row(client, django_capture_on_commit_callbacks):
    assert "home-marker" in text(client.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        make_settings(home_page="/docs/")
    response = client.get("/")
    assert response.status_code == 200
    assert title(response) == "Documentation"
    assert '<link rel="canonical" href="http://testserver/">' in text(response)
    assert "home-marker" not in text(response)


def test_home_page_from_frappe_web_setting(client):
    with www_settings(WWW, HOME_PAGE="contact"):
        response = client.get("/")
    assert response.status_code == 200
    assert title(response) == "Contact us"


def test_home_page_may_be_a_web_page_row(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="Welcome row", route="welcome", main_section="row home")
        make_settings(home_page="welcome")
    response = client.get("/")
    assert response.status_code == 200
    assert "row home" in main(response)


def test_home_page_missing_is_404(client, tmp_path):
    (tmp_path / "other.md").write_text("# Other\n")
    with www_settings(tmp_path):
        assert client.get("/").status_code == 404
        assert client.get("/other").status_code == 200


# --- template engines --------------------------------------------------------------------


def test_www_page_renders_through_jinja2_when_it_is_the_first_engine(client, tmp_path):
    pytest.importorskip("jinja2")
    (tmp_path / "jinja.html").write_text(
        "<h1>Jinja page</h1><p id='calc'>{{ 6 * 7 }}</p><p id='q'>{{ frappe.form_dict.q }}</p>"
        "<p id='get'>{{ request.GET.get('q') }}</p>{% for i in range(3) %}{{ i }}{% endfor %}"
    )
    jinja = {"BACKEND": "django.template.backends.jinja2.Jinja2", "DIRS": [], "APP_DIRS": True, "OPTIONS": {}}
    with override_settings(TEMPLATES=[jinja, *settings.TEMPLATES]), www_settings(tmp_path):
        response = client.get("/jinja", {"q": "<script>x</script>"})
    assert response.status_code == 200
    html = main(response)
    assert "<p id='calc'>42</p>" in html  # Jinja2 syntax: DTL could not parse this page
    assert "012" in html
    assert "<p id='q'>&lt;script&gt;x&lt;/script&gt;</p>" in html  # Django's Jinja2 backend autoescapes
    assert "<p id='get'>&lt;script&gt;x&lt;/script&gt;</p>" in html
    assert "<script>x" not in text(response)
    assert title(response) == "Jinja page"  # the outer page still uses the DTL base template


def test_switching_engines_does_not_reuse_a_template_compiled_by_the_other(client, tmp_path):
    pytest.importorskip("jinja2")
    # Jinja2 syntax that DTL cannot parse: once TEMPLATES lists DTL alone, the page must be compiled again.
    (tmp_path / "both.html").write_text("<h1>Both</h1><p>{{ value|default('none') }}</p>")
    jinja = {"BACKEND": "django.template.backends.jinja2.Jinja2", "DIRS": [], "APP_DIRS": True, "OPTIONS": {}}
    with www_settings(tmp_path, PAGE_CACHE_TIMEOUT=0):
        with override_settings(TEMPLATES=[jinja, *settings.TEMPLATES]):
            assert main(client.get("/both")) == "<h1>Both</h1><p>none</p>"
        # DTL cannot parse default('none'): the page errors instead of reusing the Jinja2 template
        assert client.get("/both").status_code == 500
