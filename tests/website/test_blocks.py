"""Web Page blocks: web templates from apps' ``web_templates/`` folders or admin rows, placed on a
page in order, values checked against the declared fields and escaped unless declared trusted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from django_frappe_web.models import WebPage, WebPageBlock, WebTemplate
from django_frappe_web.website.blocks import clean_block, folder_templates
from tests.website.doc_pages import no_page_cache, text

pytestmark = pytest.mark.django_db


def page_with_blocks(*blocks, route="home-page", **fields):
    page = WebPage.objects.create(title="Home", route=route, main_section="", **fields)
    for ordering, (name, values) in enumerate(blocks):
        WebPageBlock.objects.create(page=page, web_template=name, values=values, ordering=ordering)
    return page


HERO = ("hero", {"title": "Welcome <home>", "subtitle": "Fast & friendly", "primary_action": "/start",
                 "primary_action_label": "Start"})
CARDS = ("cards", {"title": "Features", "cards": [{"title": "One", "content": "first"}, {"title": "Two", "url": "/two"}]})


def test_the_package_ships_five_web_templates():
    assert {"hero", "markdown_section", "cards", "call_to_action", "image_with_caption"} <= set(folder_templates())


def test_blocks_render_in_their_order_with_their_values_escaped(client):
    page_with_blocks(CARDS, HERO)
    response = client.get("/home-page")
    body = text(response)
    assert response.status_code == 200
    assert body.index("web-block-cards") < body.index("web-block-hero")
    assert "Welcome &lt;home&gt;" in body and "Fast &amp; friendly" in body
    assert '<a class="btn btn-primary" href="/start">Start</a>' in body
    assert '<a href="/two">Two</a>' in body and "<p>first</p>" in body


def test_markdown_fields_render_markdown_with_raw_html_escaped(client):
    page_with_blocks(("markdown_section", {"content": "## Intro\n\n*hi* <script>alert(1)</script>"}))
    body = text(client.get("/home-page"))
    assert "<h2" in body and "<em>hi</em>" in body
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


def test_a_field_declared_html_is_trusted(client):
    WebTemplate.objects.create(name="raw", template="<div>{{ values.body }}{{ values.note }}</div>",
                               fields=[{"fieldname": "body", "fieldtype": "HTML"}, {"fieldname": "note"}])
    page_with_blocks(("raw", {"body": "<b>bold</b>", "note": "<i>not trusted</i>"}))
    body = text(client.get("/home-page"))
    assert "<div><b>bold</b>&lt;i&gt;not trusted&lt;/i&gt;</div>" in body


def test_a_template_row_overrides_a_folder_template_of_the_same_name(client):
    WebTemplate.objects.create(name="hero", template="<p class='mine'>{{ values.title }}</p>",
                               fields=[{"fieldname": "title", "reqd": 1}])
    page_with_blocks(("hero", {"title": "Mine"}))
    assert "<p class='mine'>Mine</p>" in text(client.get("/home-page"))


def test_a_web_page_with_blocks_runs_no_query_once_warm(client, django_assert_num_queries):
    page_with_blocks(HERO, CARDS, ("markdown_section", {"content": "text"}))
    WebTemplate.objects.create(name="row", template="{{ values.x }}", fields=[{"fieldname": "x"}])
    with no_page_cache():
        client.get("/home-page")
        with django_assert_num_queries(0):
            response = client.get("/home-page")
    assert response.status_code == 200 and "Welcome &lt;home&gt;" in text(response)


def test_saving_a_block_renews_its_cached_page_only(client, commit):
    with commit():
        page = page_with_blocks(HERO)
        page_with_blocks(CARDS, route="other")
    client.get("/home-page")
    client.get("/other")
    assert client.get("/home-page")["X-From-Cache"] == "True"
    with commit():
        WebPageBlock.objects.filter(page=page).update(values={"title": "Changed"})  # no signal: not seen
        block = page.blocks.get()
        block.values = {"title": "Changed again"}
        block.save()
    response = client.get("/home-page")
    assert response["X-From-Cache"] == "False" and "Changed again" in text(response)
    assert client.get("/other")["X-From-Cache"] == "True"


def test_editing_a_template_row_renews_the_pages_that_use_it(client, commit):
    with commit():
        template = WebTemplate.objects.create(name="banner", template="<p>v1 {{ values.t }}</p>", fields=[{"fieldname": "t"}])
        page_with_blocks(("banner", {"t": "x"}))
    assert "<p>v1 x</p>" in text(client.get("/home-page"))
    with commit():
        template.template = "<p>v2 {{ values.t }}</p>"
        template.save()
    assert "<p>v2 x</p>" in text(client.get("/home-page"))


def test_a_block_whose_template_is_gone_is_left_out_not_a_500(client):
    page_with_blocks(("vanished", {"a": 1}), HERO)
    response = client.get("/home-page")
    assert response.status_code == 200 and "Welcome &lt;home&gt;" in text(response) and "vanished" not in text(response)


@pytest.mark.parametrize(("name", "values", "problem"), [
    ("nope", {}, "There is no web template 'nope'"),
    ("hero", {}, "Title is required"),
    ("hero", {"title": "x", "colour": "red"}, "Unknown field 'colour'"),
    ("hero", {"title": 5}, "title: must be text"),
    ("hero", {"title": "x", "primary_action": "javascript:alert(1)"}, "must be a path or an http(s)"),
    ("cards", {"cards": "one"}, "must be a list"),
    ("cards", {"cards": [{"content": "no title"}]}, "cards row 1: Title is required"),
    ("hero", ["not", "a", "dict"], "must be an object"),
    ("hero", {"title": "x" * 100_001}, "longer than"),
])
def test_values_that_do_not_fit_the_template_are_refused(name, values, problem):
    with pytest.raises(ValidationError) as error:
        clean_block(name, values)
    assert problem in " ".join(error.value.messages)


@pytest.mark.parametrize(("fields", "template", "problem"), [
    ([{"fieldname": "a b"}], "x", "identifier"),
    ([{"fieldname": "a"}, {"fieldname": "a"}], "x", "declared twice"),
    ([{"fieldname": "a", "fieldtype": "Blob"}], "x", "unknown fieldtype"),
    ("title", "x", "must be a list"),
    ([], "{% if %}", "does not compile"),
])
def test_a_template_row_with_bad_fields_or_template_is_refused(fields, template, problem):
    with pytest.raises(ValidationError) as error:
        WebTemplate(name="bad", fields=fields, template=template).full_clean()
    assert problem in " ".join(error.value.messages)


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def page_form(blocks=(), initial=0, **values) -> dict:
    data = {"title": "Home", "route": "home-page", "content_type": "markdown", "main_section": "",
            "published": "on", "description": "", "meta_image": "", "start_date_0": "", "start_date_1": "",
            "end_date_0": "", "end_date_1": "", "blocks-TOTAL_FORMS": str(len(blocks)),
            "blocks-INITIAL_FORMS": str(initial), "blocks-MIN_NUM_FORMS": "0", "blocks-MAX_NUM_FORMS": "1000",
            "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0", **values}
    for index, block in enumerate(blocks):
        for key, value in block.items():
            data[f"blocks-{index}-{key}"] = value
    return data


def test_blocks_are_edited_inline_in_the_admin(admin_client, client):
    response = admin_client.post("/admin/django_frappe_web/webpage/add/", page_form([
        {"web_template": "hero", "values": '{"title": "From the admin"}', "ordering": "1"},
        {"web_template": "call_to_action", "values": '{"title": "Join", "url": "/join", "label": "Go"}', "ordering": "0"}]))
    assert response.status_code == 302
    page = WebPage.objects.get()
    assert list(page.blocks.values_list("web_template", flat=True)) == ["call_to_action", "hero"]
    body = text(client.get("/home-page"))
    assert body.index("Join") < body.index("From the admin")


def test_the_admin_refuses_values_that_do_not_fit_and_saves_nothing(admin_client):
    response = admin_client.post("/admin/django_frappe_web/webpage/add/", page_form([
        {"web_template": "hero", "values": '{"subtitle": "no title", "x": 1}', "ordering": "0"}]))
    assert response.status_code == 200
    errors = str(response.context["inline_admin_formsets"][0].formset.errors)
    assert "Title is required" in errors and "Unknown field" in errors
    assert not WebPage.objects.exists() and not WebPageBlock.objects.exists()
