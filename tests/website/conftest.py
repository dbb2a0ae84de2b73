"""Fixtures the website tests share (the www folder they serve is in router_site.py)."""

import pytest
from django.test import override_settings

from django_frappe_web.website.www_index import WWWIndex, get_www_index, reset_www_index
from tests.website.router_site import site
from tests.website.www_folders import SITE_A, SITE_B


@pytest.fixture
def router_site(db):
    """Serve the ``fixtures/router_site/www`` folder; modules opt in with ``usefixtures``."""
    with site():
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): ...`` runs the on-commit route invalidation of what the block saved."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def fresh_www_index():
    """A new www index (and no loaded controllers or parsed sources) before and after the test."""
    reset_www_index()
    yield
    reset_www_index()


@pytest.fixture
def sites():
    """The process-wide www index with ``site_a`` and ``site_b`` as ``WWW_DIRS``."""
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(SITE_A), SITE_B]}):
        yield get_www_index()


@pytest.fixture
def ab():
    """A www index of exactly ``site_a`` then ``site_b`` (no installed apps), for exact listings."""
    return WWWIndex(roots=[SITE_A, SITE_B])
