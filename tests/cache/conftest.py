"""Fixtures of the ``frappe.cache`` tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import RequestFactory

from django_frappe_web.cache import FrappeCache

from .support import BACKENDS, frappe_cache_on


@pytest.fixture(params=BACKENDS)
def fcache(request, tmp_path) -> Iterator[FrappeCache]:
    with frappe_cache_on(request.param, tmp_path) as cache:
        yield cache


@pytest.fixture
def rf() -> RequestFactory:
    return RequestFactory()
