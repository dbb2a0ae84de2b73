"""The wheel users install: templates, static files and migrations inside; no example or tests."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("django_frappe_web-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_carries_templates_static_and_migrations(wheel_names):
    expected = {
        "django_frappe_web/templates/frappe_web/base.html",
        "django_frappe_web/templates/frappe_web/404.html",
        "django_frappe_web/static/frappe_web/website.css",
        "django_frappe_web/migrations/0001_initial.py",
        "django_frappe_web/frappe.py",
        "django_frappe_web/web_templates/hero/hero.html",  # the shipped web templates (docs/content.md)
        "django_frappe_web/web_templates/hero/hero.json",
        "django_frappe_web/templates/frappe_web/search.html",
        "django_frappe_web/locale/de/LC_MESSAGES/django.mo",  # the catalogs (docs/i18n.md)
        "django_frappe_web/locale/fr/LC_MESSAGES/djangojs.mo",
    }
    assert expected <= wheel_names
    migrations = {name for name in wheel_names if "/migrations/0" in name}
    assert len(migrations) == len(list((ROOT / "django_frappe_web/migrations").glob("0*.py")))


def test_wheel_leaves_out_the_example_and_tests(wheel_names):
    assert not [name for name in wheel_names if name.startswith(("example_project/", "tests/", "benchmarks/"))]
