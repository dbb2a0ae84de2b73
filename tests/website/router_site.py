"""The ``router_site`` fixture folder, served by the ``router_site`` fixture (conftest.py)."""

from pathlib import Path

from django.test import override_settings

ROUTER_SITE = Path(__file__).resolve().parent / "fixtures" / "router_site"
WWW = ROUTER_SITE / "www"


def site(*dirs, **extra):
    """``FRAPPE_WEB`` with ``dirs`` (default: the router site's www folder) as ``WWW_DIRS``."""
    return override_settings(FRAPPE_WEB={"WWW_DIRS": [str(d) for d in dirs or [WWW]], **extra})
