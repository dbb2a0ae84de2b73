"""Hostile and malformed requests against the website catch-all: path traversal in every
encoding, sources that must never be served raw, absurd paths, wrong methods, a crashing
page and visitor input reflected by a page."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import override_settings

from django_frappe_web.models import WebPage
from tests.website.router_site import ROUTER_SITE, WWW

pytestmark = pytest.mark.usefixtures("router_site")

SECRET = "TOP-SECRET-OUTSIDE-WWW"  # router_site/private/secret.txt, next to the www folder
TESTS_DIR = Path(__file__).resolve().parents[1]




def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_not_found(response, *absent: str) -> None:
    assert response.status_code == 404, response.status_code
    content = body(response)
    assert b"<h1>Page not found</h1>" in content  # the site's 404 page, not a bare one
    for marker in (SECRET, "SECRET_KEY", "root:x:0:0", *absent):
        assert marker.encode() not in content, marker


# --- path traversal --------------------------------------------------------------------------

TRAVERSALS = [
    "/../private/secret.txt",
    "/assets/../../private/secret.txt",
    "/%2e%2e/private/secret.txt",
    "/%2E%2E/private/secret.txt",
    "/assets/%2e%2e/%2e%2e/private/secret.txt",
    "/.%2e/private/secret.txt",
    "/%252e%252e/private/secret.txt",
    "/%252e%252e%252fprivate%252fsecret.txt",
    "/assets/..%2f..%2fprivate%2fsecret.txt",
    "/assets/..%252f..%252fprivate%252fsecret.txt",
    "/..%5cprivate%5csecret.txt",
    "/..%255cprivate%255csecret.txt",
    "/..\\private\\secret.txt",
    "/assets\\..\\..\\private\\secret.txt",
    "/%c0%ae%c0%ae/private/secret.txt",
    "/%e0%80%ae%e0%80%ae/private/secret.txt",
    "/\u2025/private/secret.txt",
    "/../../../../../../etc/passwd",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    f"/{ROUTER_SITE}/private/secret.txt",
    f"/{TESTS_DIR}/settings.py",
    "/C:/Windows/win.ini",
    "/c:%5cwindows%5cwin.ini",
    "/assets/style.css%00.html",
    "/private/secret.txt%00",
    "/%00../private/secret.txt",
    "/./private/secret.txt",
    "/assets/./style.css",
    "/docs/../about",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_a_404_without_file_content(client, path):
    assert_not_found(client.get(path))


@pytest.mark.parametrize("path", ["/../private/secret.txt", "/%2e%2e/private/secret.txt", "/..%5csecret"])
def test_path_traversal_for_logged_in_users_too(client_alice, path):
    assert_not_found(client_alice.get(path))


def test_the_secret_file_really_exists_next_to_the_www_folder():
    # (otherwise the traversal tests above would prove nothing)
    assert SECRET in (ROUTER_SITE / "private" / "secret.txt").read_text()


def test_symlink_out_of_the_www_folder_is_not_followed(client, tmp_path):
    site = tmp_path / "www"
    site.mkdir()
    (tmp_path / "outside.txt").write_text(SECRET)
    try:
        (site / "link.txt").symlink_to(tmp_path / "outside.txt")
        (site / "dir").symlink_to(ROUTER_SITE / "private", target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(site)]}):
        assert_not_found(client.get("/link.txt"))
        assert_not_found(client.get("/dir/secret.txt"))


# --- sources never served raw ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "source_marker"),
    [
        ("/greet.py", "def get_context"),
        ("/lonely.py", "lonely-python-source"),
        ("/broken.py", "raise RuntimeError"),
        ("/about.md", "sitemap: true"),
        ("/docs/index.md", "title: Documentation"),
        ("/docs/install.md", "{next}"),
        ("/_partial.html", "partial-secret"),
        ("/_partial", "partial-secret"),
        ("/docs/index.txt", "usage\ninstall"),
        ("/docs/_sidebar.json", "Install guide"),
        ("/__pycache__/greet.cpython-311.pyc", "get_context"),
        ("/.git/config", "[core]"),
    ],
)
def test_sources_and_private_files_are_never_served(client, path, source_marker):
    assert_not_found(client.get(path), source_marker)


def test_a_page_source_is_rendered_never_returned_raw(client):
    for path in ("/greet", "/greet.html", "/greet/"):
        response = client.get(path)
        assert response.status_code == 200
        content = body(response).decode()
        assert "{{" not in content and "{%" not in content
        assert "<h1>Greeting</h1>" in content


# --- absurd paths ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/" + "a" * 10_000,
        "/" + "a/" * 5_000,
        "/" + "%41" * 3_000,
        "/docs/" + "x" * 2_500 + ".html",
        "/a%0d%0aSet-Cookie:%20evil=1",
        "/a%0aLocation:%20https://evil.com",
        "/tab%09here",
        "/bell%07",
        "/del%7f",
        "/c1%c2%85control",
        "/%ff%fe%fd",
        "/%",
        "/%zz",
        "/\u202eevil",
        "/emoji-\U0001f600",
        "/about\x00",
    ],
)
def test_absurd_paths_are_404_not_500(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in body(response)  # the site's own 404 page, also for a newline
    assert not any(name.lower() == "set-cookie" and "evil" in value for name, value in response.items())
    assert "Location" not in response


def test_long_path_is_also_a_404_for_the_redirect_table(client):
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(WWW)], "WEBSITE_REDIRECTS": [{"source": "(a+)+b", "target": "/x"}]}):
        response = client.get("/" + "a" * 10_000)
    assert response.status_code == 404


def test_absurd_query_strings_are_harmless(client):
    assert client.get("/about?" + "x=1&" * 5_000).status_code == 200
    assert client.get("/about?%ff=%00&a=%zz").status_code == 200
    assert client.get("/greet?name=%00%01").status_code == 200


@pytest.mark.parametrize("payload", ['{"name": "\\ud800"}', '{"name": ' * 40 + "1" + "}" * 40, "[" * 100_000],
                         ids=["lone surrogate", "nested 40 deep", "nested 100,000 deep"])
def test_a_page_reading_a_refused_json_body_is_a_417_page(client, payload):
    """frappe.form_dict refuses it for every page, as for the API: a clear page, never a 500."""
    response = client.post("/greet", payload, content_type="application/json")
    assert response.status_code == 417
    assert b"Traceback" not in body(response) and b"<h1>Greeting</h1>" not in body(response)


# --- methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/", "/about", "/no-such-page", "/assets/style.css", "/../etc/passwd"])
def test_other_methods_are_405_with_allow(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert b"About this site" not in response.content


def test_unknown_method_is_405(client):
    response = client.generic("PROPFIND", "/about")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


# --- a crashing page -------------------------------------------------------------------------


def test_broken_get_context_gives_the_500_page_without_traceback(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django_frappe_web.website"):
        response = client.get("/broken")
    assert response.status_code == 500
    content = body(response).decode()
    assert "<h1>Server error</h1>" in content  # frappe_web/error.html
    assert "Something went wrong. It has been logged" in content
    assert "<title>Server Error</title>" in content
    for leak in ("Traceback", "secret-detail-42", "RuntimeError", "broken.py", 'class="traceback"'):
        assert leak not in content, leak
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "django_frappe_web.website"]
    assert len(errors) == 1
    assert "/broken" in errors[0].getMessage()
    assert isinstance(errors[0].exc_info[1], RuntimeError)
    assert "secret-detail-42" in str(errors[0].exc_info[1])


def test_broken_get_context_shows_the_traceback_with_debug(client):
    with override_settings(DEBUG=True, FRAPPE_WEB={"WWW_DIRS": [str(WWW)]}):
        response = client.get("/broken")
    assert response.status_code == 500
    content = body(response).decode()
    assert '<pre class="traceback">Traceback (most recent call last):' in content
    assert "RuntimeError: router-site boom: secret-detail-42" in content


def test_error_in_a_template_is_the_500_page(client, tmp_path, caplog):
    (tmp_path / "bad.html").write_text("<h1>Bad</h1>{% if %}")
    (tmp_path / "missing-include.html").write_text("<h1>Inc</h1>{% include 'no/such/template.html' %}")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        with caplog.at_level(logging.ERROR, logger="django_frappe_web.website"):
            for path in ("/bad", "/missing-include"):
                response = client.get(path)
                assert response.status_code == 500, path
                assert b"<h1>Server error</h1>" in response.content
                assert b"TemplateSyntaxError" not in response.content and b"TemplateDoesNotExist" not in response.content
    logged = [r for r in caplog.records if r.name == "django_frappe_web.website" and r.levelno == logging.ERROR]
    assert [type(r.exc_info[1]).__name__ for r in logged] == ["TemplateSyntaxError", "TemplateDoesNotExist"]


def test_a_broken_page_source_is_the_logged_500_page(client, tmp_path, caplog):
    """Invalid front matter or a non-UTF-8 file is the site's bug: a 500 that shows visitors nothing of it."""
    (tmp_path / "fm.md").write_text("---\ntitle: [unclosed\n---\n# FM\n")
    (tmp_path / "latin.md").write_bytes(b"# caf\xe9\n")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        with caplog.at_level(logging.ERROR, logger="django_frappe_web.website"):
            responses = [client.get("/fm"), client.get("/latin")]
    for response in responses:
        assert response.status_code == 500
        assert b"<h1>Server error</h1>" in response.content
        for leak in (b"unclosed", b"fm.md", b"latin.md", b"UTF-8", b"front matter"):
            assert leak not in response.content, leak
    logged = [r.exc_info[1] for r in caplog.records if r.name == "django_frappe_web.website" and r.exc_info]
    assert len(logged) == 2
    assert "fm.md" in str(logged[0]) and "latin.md" in str(logged[1])


def test_project_can_override_the_error_template(client, tmp_path):
    import copy

    from django.conf import settings

    (tmp_path / "frappe_web").mkdir()
    (tmp_path / "frappe_web" / "error.html").write_text("project error page: {{ title }}")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path)]
    with override_settings(TEMPLATES=templates):
        response = client.get("/broken")
    assert (response.status_code, response.content) == (500, b"project error page: Server Error")


# --- visitor input is escaped, staff HTML is kept ----------------------------------------------

XSS = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_query_args_reflected_by_a_page_are_escaped(client):
    response = client.get("/greet", {"name": XSS, "q": '"><img src=x onerror=alert(1)>'})
    content = body(response).decode()
    assert response.status_code == 200
    assert f'<p id="form-dict">{ESCAPED}</p>' in content  # {{ frappe.form_dict.name }}
    assert '<p id="get">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>' in content  # {{ request.GET.q }}
    assert '<p id="shout">&lt;SCRIPT&gt;ALERT(&quot;X&quot;)&lt;/SCRIPT&gt;</p>' in content  # set by get_context()
    assert "<script>" not in content.lower() and "<img" not in content


def test_form_fields_reflected_by_a_page_are_escaped(client):
    content = body(client.post("/greet", {"name": XSS})).decode()
    assert f'<p id="form-dict">{ESCAPED}</p>' in content
    assert "<script>" not in content.lower()


def test_route_rule_captures_reflected_by_a_page_are_escaped(client):
    rules = [{"from_route": "/kb/<category>", "to_route": "kb_article"}]
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(WWW)], "WEBSITE_ROUTE_RULES": rules}):
        response = client.get("/kb/%3Cimg%20src=x%20onerror=alert(1)%3E")
    assert response.status_code == 200
    assert '<p id="category">&lt;img src=x onerror=alert(1)&gt;</p>' in body(response).decode()


@pytest.mark.parametrize("path", ["/<script>alert(1)</script>", "/%3Cscript%3Ealert(1)%3C/script%3E",
                                  '/"><svg onload=alert(1)>'])
def test_the_404_page_escapes_the_path(client, path):
    response = client.get(path)
    assert response.status_code == 404
    content = body(response).decode()
    assert "<script>alert" not in content and "<svg" not in content


def test_the_403_page_escapes_the_login_link(client):
    response = client.get('/members?"><script>alert(1)</script>')
    assert response.status_code == 403
    content = body(response).decode()
    assert "<script>alert" not in content
    # the link carries the full path (query string already percent-encoded), encoded once more
    full_path = response.wsgi_request.get_full_path()
    assert full_path == "/members?%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    assert f'href="/login?redirect-to={quote(full_path, safe="/")}"' in content


def test_web_page_html_written_by_staff_is_kept(client, django_capture_on_commit_callbacks):
    html = '<div class="hero"><script>window.hero = "ok";</script><iframe src="/embed"></iframe></div>'
    with django_capture_on_commit_callbacks(execute=True):
        WebPage.objects.create(title="Staff <b>page</b>", route="staff-page", content_type="html", main_section=html)
        WebPage.objects.create(title="Md", route="staff-md", main_section='Text\n\n<div class="raw">kept</div>')
    content = body(client.get("/staff-page")).decode()
    assert html in content
    assert "<title>Staff &lt;b&gt;page&lt;/b&gt;</title>" in content  # the title is text, not HTML
    assert '<div class="raw">kept</div>' in body(client.get("/staff-md")).decode()


def test_markdown_www_page_keeps_its_html_but_query_args_do_not_reach_it(client):
    content = body(client.get("/about", {"x": XSS})).decode()
    assert '<div class="raw-html-kept">staff html</div>' in content
    assert "<script>" not in content.lower()
