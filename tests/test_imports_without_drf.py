"""The core never reaches into ``api/``: every other module imports with Django REST framework missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.import_blocking import blocking

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter: DRF (and drf-spectacular, built on it) cannot be imported, and
# Django is set up with settings that do not install it.
SCRIPT = blocking("rest_framework", "drf_spectacular") + textwrap.dedent("""
    from django.conf import settings

    settings.configure(
        SECRET_KEY="x", USE_TZ=True, ROOT_URLCONF="django_frappe_web.urls",
        INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                        "django.contrib.sessions", "django.contrib.messages", "django_frappe_web",
                        "django_tasks_db"],  # job_recovery works on its model (the jobs extra)
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    )
    import django

    django.setup()
    import django_frappe_web

    failed = []
    for module in pkgutil.walk_packages(django_frappe_web.__path__, "django_frappe_web."):
        if module.name == "django_frappe_web.api" or module.name.startswith("django_frappe_web.api."):
            continue
        try:
            importlib.import_module(module.name)
        except Exception as exc:
            failed.append(f"{module.name}: {exc!r}")
    from django.urls import resolve

    print("root view:", resolve("/").url_name)
    print("\\n".join(failed) or "all imported")
""")


def test_every_non_api_module_imports_without_rest_framework():
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["root view: serve", "all imported"], result.stdout
