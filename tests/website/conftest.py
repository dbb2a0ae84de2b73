"""Fixtures the website tests share (the www folder they serve is in router_site.py)."""

import pytest

from tests.website.router_site import site


@pytest.fixture
def router_site(db):
    """Serve the ``fixtures/router_site/www`` folder; modules opt in with ``usefixtures``."""
    with site():
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): ...`` runs the on-commit route invalidation of what the block saved."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
