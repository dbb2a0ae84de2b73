"""The site theme: Website Settings' colours and fonts served as a stylesheet with a version key,
linked from every page (cached ones renewed when the settings change), checked so that no value
can carry CSS or HTML, and the shipped defaults when nothing is set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from django_frappe_web.models import WebPage, WebsiteSettings
from django_frappe_web.website import theme_css
from django_frappe_web.website.theme_css import DEFAULTS, contrast, font_stack_problem, theme_problems
from tests.website.doc_pages import text

pytestmark = pytest.mark.django_db
WEBSITE_CSS = Path(theme_css.__file__).resolve().parent.parent / "static" / "frappe_web" / "website.css"
THEME_LINK = re.compile(r'<link rel="stylesheet" href="(/_theme/[0-9a-f]{16}\.css)">')


@pytest.fixture
def page(commit):
    with commit():
        WebPage.objects.create(title="Styled", route="styled", main_section="x")
    return "/styled"


def theme_url(body: str) -> str | None:
    found = THEME_LINK.search(body)
    return found.group(1) if found else None


def save_settings(commit, **values) -> WebsiteSettings:
    site = WebsiteSettings.load()
    for field, value in values.items():
        setattr(site, field, value)
    site.full_clean()
    with commit():
        site.save()
    return site


def test_no_theme_set_links_no_stylesheet_and_serves_none(client, page):
    body = text(client.get(page))
    assert "/static/frappe_web/website.css" in body and theme_url(body) is None
    assert client.get("/_theme/0123456789abcdef.css").status_code == 404


def test_colours_and_fonts_are_served_as_a_versioned_stylesheet(client, commit, page):
    save_settings(commit, primary_color="#0B6E4F", text_color="#111", background_color="#fffdf7",
                  link_color="#08577a", font_family='Inter, "Segoe UI", sans-serif', heading_font_family="Georgia, serif",
                  dark_background_color="#101418")
    body = text(client.get(page))
    url = theme_url(body)
    assert url is not None and body.index("website.css") < body.index(url)  # after the defaults: it wins
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    css = text(response)
    for line in ("--fw-theme-primary: #0b6e4f;", "--fw-theme-text: #111111;", "--fw-theme-background: #fffdf7;",
                 "--fw-theme-link: #08577a;", '--fw-font: Inter, "Segoe UI", sans-serif;',
                 "--fw-font-heading: Georgia, serif;", "--fw-theme-dark-background: #101418;",
                 "--fw-theme-primary-text: #ffffff;"):
        assert line in css
    assert "--fw-theme-dark-primary:" not in css  # not set: dark mode keeps the shipped primary


def test_a_change_gives_cached_pages_a_new_stylesheet_and_retires_the_old(client, commit, page):
    save_settings(commit, primary_color="#0b6e4f")
    first = theme_url(text(client.get(page)))
    assert client.get(page)["X-From-Cache"] == "True"
    save_settings(commit, primary_color="#7a1f5c")
    response = client.get(page)
    second = theme_url(text(response))
    assert response["X-From-Cache"] == "False" and second not in (None, first)
    assert client.get(first).status_code == 404
    assert "--fw-theme-primary: #7a1f5c;" in text(client.get(second))
    save_settings(commit, primary_color="")  # back to the defaults: no stylesheet at all
    assert theme_url(text(client.get(page))) is None and client.get(second).status_code == 404


def test_the_dark_mode_variants_go_to_their_own_properties(client, commit, page):
    save_settings(commit, dark_primary_color="#ffb347", dark_text_color="#f0f0f0", dark_link_color="#9cd0ff")
    css = text(client.get(theme_url(text(client.get(page)))))
    assert "--fw-theme-dark-primary: #ffb347;" in css and "--fw-theme-dark-primary-text: #111111;" in css
    assert "--fw-theme-dark-text: #f0f0f0;" in css and "--fw-theme-dark-link: #9cd0ff;" in css
    assert "--fw-theme-primary:" not in css and "--fw-theme-text:" not in css


@pytest.mark.parametrize(("field", "value"), [
    ("primary_color", "red"),
    ("primary_color", "#12345"),
    ("text_color", "#1234567"),
    ("link_color", "#abc;}"),
    ("background_color", "url(x)"),
    ("dark_primary_color", "#ggg"),
    ("font_family", "Inter; } body { display: none"),
    ("font_family", "</style><script>alert(1)</script>"),
    ("font_family", 'Inter, "Bad \\" name"'),
    ("heading_font_family", "Georgia, url(https://evil.example/x)"),
    ("heading_font_family", "Georgia, /* comment */ serif"),
    ("heading_font_family", ", ".join(["Serif"] * 13)),
    ("font_family", "Inter,"),
    ("font_family", "Inter, inherit"),
])
def test_malformed_values_are_refused(field, value):
    site = WebsiteSettings.load()
    setattr(site, field, value)
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize(("values", "field"), [
    ({"text_color": "#eeeeee"}, "text_color"),  # light grey on the default white
    ({"background_color": "#1f272e"}, "background_color"),  # the default dark text on a dark background
    ({"link_color": "#9cd0ff"}, "link_color"),
    ({"dark_text_color": "#333333"}, "dark_text_color"),
])
def test_text_too_faint_to_read_is_refused(values, field):
    assert list(theme_problems(values)) == [field]


@pytest.mark.parametrize("stack", ['Inter, "Segoe UI", sans-serif', "system-ui, -apple-system, Roboto",
                                   "'Noto Sans 2', monospace", "Segoe UI", '"Font.v2"'])
def test_ordinary_font_stacks_are_accepted(stack):
    assert font_stack_problem(stack) is None


def test_a_row_saved_around_the_checks_still_puts_nothing_but_colours_and_fonts_in_the_stylesheet():
    css = theme_css.theme_css({"primary_color": "#abc;} body{display:none", "font_family": "x; } *{",
                               "link_color": "#1a64b0"})
    assert "display" not in css and "}" not in css.split("{", 1)[1].rstrip().rstrip("}")
    assert "--fw-theme-link: #1a64b0;" in css and "--fw-theme-primary:" not in css and "--fw-font:" not in css


def test_the_primary_buttons_label_stays_readable():
    for primary in ("#ffff00", "#0b6e4f", "#ff8800", "#222222"):
        css = theme_css.theme_css({"primary_color": primary})
        label = re.search(r"--fw-theme-primary-text: (#[0-9a-f]{6});", css).group(1)
        assert contrast(label, primary) >= 4.5


def test_the_shipped_stylesheet_has_the_defaults_the_checks_assume():
    shipped = WEBSITE_CSS.read_text()
    for scheme, prefix in (("light", "--fw-theme-"), ("dark", "--fw-theme-dark-")):
        for name, colour in DEFAULTS[scheme].items():
            assert f"var({prefix}{name}, {colour})" in shipped, (scheme, name)


def test_an_admin_form_with_a_bad_colour_shows_an_error_and_saves_nothing(admin_client):
    form = {"title_prefix": "Acme", "primary_color": "#xyz", "font_family": "Inter; }",
            "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
            "role_home_pages-TOTAL_FORMS": "0", "role_home_pages-INITIAL_FORMS": "0"}
    response = admin_client.post("/admin/django_frappe_web/websitesettings/add/", form)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"primary_color", "font_family"}
    assert "Use a hex colour such as #1a2b3c or #abc." in text(response)
    assert not WebsiteSettings.objects.exists()
    form.update(primary_color="#0b6e4f", font_family="Inter, sans-serif")
    assert admin_client.post("/admin/django_frappe_web/websitesettings/add/", form).status_code == 302
    assert WebsiteSettings.load().primary_color == "#0b6e4f"
