"""A form's custom script and style: separate, cache-busted files (no inline script), staff-written."""

from __future__ import annotations

import pytest

from django_frappe_web.web_forms.assets import asset_url, version

pytestmark = pytest.mark.django_db

SCRIPT = 'frappe.web_form.on("status", function (value) { frappe.web_form.set_value("views", value === "done" ? 1 : 0); });'


@pytest.fixture
def scripted_form(make_form):
    return make_form("scripted", client_script=SCRIPT, custom_css=".web-form h1 { color: teal; }")


def test_the_page_links_the_files_and_inlines_no_script(client, scripted_form):
    html = client.get("/scripted/new").content.decode()
    script, style = asset_url(scripted_form, "js"), asset_url(scripted_form, "css")
    assert script == f"/web-form-assets/{scripted_form.pk}/{version(SCRIPT)}/custom.js"
    assert f'<script src="{script}" defer></script>' in html and f'<link rel="stylesheet" href="{style}">' in html
    assert SCRIPT not in html and "<script>" not in html


def test_the_files_are_served_for_a_year(client, scripted_form):
    response = client.get(asset_url(scripted_form, "js"))
    assert response.status_code == 200
    assert response.content.decode() == SCRIPT
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    css = client.get(asset_url(scripted_form, "css"))
    assert css.status_code == 200 and css["Content-Type"] == "text/css; charset=utf-8"


def test_an_edit_is_a_new_url_and_the_old_one_is_gone(client, scripted_form):
    old = asset_url(scripted_form, "js")
    scripted_form.client_script = "console.log('v2');"
    scripted_form.save()
    assert asset_url(scripted_form, "js") != old
    assert client.get(old).status_code == 404
    assert client.get(asset_url(scripted_form, "js")).content == b"console.log('v2');"


@pytest.mark.parametrize("path", ["/web-form-assets/{pk}/{hash}/custom.py", "/web-form-assets/999/{hash}/custom.js",
                                  "/web-form-assets/{pk}/0000/custom.js"])
def test_anything_else_is_not_found(client, scripted_form, path):
    assert client.get(path.format(pk=scripted_form.pk, hash=version(SCRIPT))).status_code == 404


def test_an_unpublished_forms_files_are_not_served(client, scripted_form):
    url = asset_url(scripted_form, "js")
    scripted_form.published = False
    scripted_form.save()
    assert client.get(url).status_code == 404


def test_a_form_without_them_links_none(client, article_form):
    html = client.get("/articles/new").content.decode()
    assert "/web-form-assets/" not in html
