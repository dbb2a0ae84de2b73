"""Document pages on the package's own templates render their content part in the base template
(no ``{% extends %}``, which walks the base template on every render): the same page as the full
template gives, in the project's ``BASE_TEMPLATE``; a template the project provides is used as it is."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils.functional import empty

from django_frappe_web.models import WebPage
from django_frappe_web.website import page_templates
from django_frappe_web.website.page_templates import content_template
from tests.website.doc_pages import main, make_article, no_page_cache, templates_with_dir, text, write_template

pytestmark = pytest.mark.django_db

WEB_PAGE_NAMES = ["django_frappe_web/webpage_detail.html", "frappe_web/document.html"]


@pytest.fixture
def page():
    return WebPage.objects.create(title="About us", route="about-us", main_section="<p>We make <b>things</b>.</p>",
                                  published=True)


def test_the_package_templates_have_a_content_part():
    assert content_template(WEB_PAGE_NAMES) == "frappe_web/web_page_content.html"
    assert content_template(["testapp/nothing_detail.html", "frappe_web/document.html"]) == "frappe_web/document_content.html"
    assert content_template(["frappe_web/message.html"]) is None  # a page template without one


def test_a_template_the_project_provides_is_rendered_whole(client, page, tmp_path):
    write_template(tmp_path, "django_frappe_web/webpage_detail.html",
                   "<own-page>{{ title }}|{{ main_section }}</own-page>")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)), no_page_cache():
        assert content_template(WEB_PAGE_NAMES) is None
        assert text(client.get("/about-us")) == "<own-page>About us|<p>We make <b>things</b>.</p></own-page>\n"[:-1]


def test_the_content_part_gives_the_page_the_full_template_gives(client, page, monkeypatch):
    with no_page_cache():
        fast = client.get("/about-us")
        monkeypatch.setattr(page_templates, "_content_template", lambda names: None)
        whole = client.get("/about-us")
    assert fast.status_code == whole.status_code == 200
    assert main(fast) == main(whole) == '<article class="web-page"><p>We make <b>things</b>.</p></article>'
    assert text(fast).replace("\n", "") == text(whole).replace("\n", "")


def test_web_pages_and_documents_are_in_the_projects_base_template(client, page, tmp_path):
    write_template(tmp_path, "custom/site.html", "<site-base>{{ title }}:{% block content %}{{ content }}{% endblock %}</site-base>")
    make_article("hello", title="Hello")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)), no_page_cache(BASE_TEMPLATE="custom/site.html"):
        assert text(client.get("/about-us")) == (
            '<site-base>About us:<article class="web-page"><p>We make <b>things</b>.</p></article>\n</site-base>')
        article = text(client.get("/articles/hello"))
    assert article.startswith("<site-base>Hello:<article class=\"document doctype-article\">")


def test_a_guests_page_loads_no_session_nor_user(client, page, tmp_path):
    make_article("hello")
    (tmp_path / "hello.md").write_text("# Hello\n")
    with no_page_cache(WWW_DIRS=[str(tmp_path)]):
        for path in ("/about-us", "/articles/hello", "/hello"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.wsgi_request.user._wrapped is empty, path  # never asked for
            assert 'href="/login">Log in</a>' in text(response)


def test_a_logged_in_users_page_shows_their_menu(client, page, django_user_model):
    client.force_login(django_user_model.objects.create_user("ann", password="x"))
    with no_page_cache():
        response = client.get("/about-us")
    assert '<a href="/logout">Log out</a>' in text(response)
    assert '<meta name="csrf-token"' in text(response)
