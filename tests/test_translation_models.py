"""Every translation (Web Pages, documents' routes, web forms, print formats) is in one of the site's
other languages, and a translation's own route is free of everything the router serves: pages,
documents, web forms (and the paths under them) and every other kind of translation."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from django_frappe_web.content_models import RouteTranslation, WebPageTranslation
from django_frappe_web.models import PrintFormat, PrintFormatTranslation, WebForm, WebFormTranslation, WebPage
from tests.website.doc_pages import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


@pytest.fixture
def site_routes():
    """A page translated at de/ueber-uns, an article routed at de/artikel/hallo, a form at contact
    and its translation at de/kontakt."""
    page = WebPage.objects.create(title="About", route="about", published=True)
    WebPageTranslation.objects.create(page=page, language="de", title="Über uns", route="de/ueber-uns")
    article = make_article("hello")
    RouteTranslation.objects.create(content_type=ContentType.objects.get_for_model(article), object_id=str(article.pk),
                                    language="de", route="de/artikel/hallo")
    form = WebForm.objects.create(route="contact", doctype="Article", title="Contact", published=True)
    WebFormTranslation.objects.create(web_form=form, language="de", route="de/kontakt")
    return page, article, form


def errors(row) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(("route", "owner"), [
    ("about", "a web page"), ("de/ueber-uns", "a web page"), ("de/artikel/hallo", "another route translation"),
    ("contact", "a web form"), ("contact/new", "a web form"), ("de/kontakt", "a web form"),
    ("articles/hello", "a document of Article"),
])
def test_a_web_page_translation_may_not_take_a_route_the_site_serves(site_routes, route, owner):
    other = WebPage.objects.create(title="Other", route="other", published=True)
    row = WebPageTranslation(page=other, language="fr", title="Autre", route=route)
    assert errors(row)["route"] == [f"This route is taken: {owner}."]
    assert not WebPageTranslation.objects.filter(route=route, page=other).exists()


@pytest.mark.parametrize("route", ["about", "de/ueber-uns", "de/artikel/hallo", "contact/list", "articles/hello"])
def test_a_documents_route_translation_may_not_take_a_route_the_site_serves(site_routes, route):
    _page, article, _form = site_routes
    row = RouteTranslation(content_type=ContentType.objects.get_for_model(article), object_id=str(article.pk),
                           language="fr", route=route)
    assert errors(row)["route"][0].startswith("This route is taken")


@pytest.mark.parametrize("route", ["about", "de/ueber-uns", "de/artikel/hallo", "articles/hello"])
def test_a_web_form_translation_may_not_take_a_route_the_site_serves(site_routes, route):
    _page, _article, form = site_routes
    assert errors(WebFormTranslation(web_form=form, language="fr", route=route))["route"][0].startswith("This route is taken")


def test_a_translation_keeps_its_own_route_when_saved_again(site_routes):
    page, _article, form = site_routes
    page.translations.get().full_clean()
    form.translations.get().full_clean()
    RouteTranslation.objects.get().full_clean()


@pytest.mark.parametrize("language", ["en", "xx", ""])
def test_every_kind_of_translation_is_in_another_language_of_the_site(site_routes, language):
    page, article, form = site_routes
    print_format = PrintFormat.objects.create(name="Letter", doctype="Article", html="<p>{{ doc.title }}</p>")
    rows = [WebPageTranslation(page=page, language=language, title="x"),
            RouteTranslation(content_type=ContentType.objects.get_for_model(article), object_id=str(article.pk),
                             language=language, route="somewhere/else"),
            WebFormTranslation(web_form=form, language=language),
            PrintFormatTranslation(print_format=print_format, language=language, html="<p>x</p>")]
    for row in rows:
        assert "language" in errors(row), type(row).__name__
