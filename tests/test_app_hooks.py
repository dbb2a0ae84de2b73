"""App hooks are read from every installed app that has a ``hooks`` module, and only from those."""

import pytest
from django.conf import settings
from django.test import override_settings

from django_frappe_web.app_hooks import get_hooks


def test_an_app_that_is_a_module_contributes_no_hooks_and_breaks_none():
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.module_app"]):
        sources = [item["source"] for app, item in get_hooks("website_redirects")]
    assert "hooked-both" in sources  # tests.testapp's hooks are still read


@pytest.mark.django_db
def test_a_site_with_a_module_app_serves_its_pages(client):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.module_app"]):
        assert client.get("/hooked-both")["Location"] == "/from-hooks"
