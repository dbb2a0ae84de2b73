"""The [oauth] and [cors] extras are optional: every module but the bearer adapter imports without them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.import_blocking import blocking

ROOT = Path(__file__).resolve().parent.parent

# A fresh interpreter where django-oauth-toolkit, oauthlib and django-cors-headers cannot be imported,
# with a project that still lists the bearer class (as one would after uninstalling the extra).
SCRIPT = blocking("oauth2_provider", "oauthlib", "corsheaders") + textwrap.dedent("""
    from django.conf import settings

    settings.configure(
        SECRET_KEY="x", USE_TZ=True, ROOT_URLCONF="django_frappe_web.urls", DEBUG=True,
        INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                        "django.contrib.sessions", "django.contrib.messages", "rest_framework",
                        "drf_spectacular_sidecar", "django_frappe_web", "django_tasks_db"],
        MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware",
                    "django.contrib.messages.middleware.MessageMiddleware",
                    "django_frappe_web.middleware.FrappeMiddleware"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
        CORS_ALLOWED_ORIGINS=["https://app.example.org"],
        FRAPPE_WEB={"API_AUTHENTICATION_CLASSES": ["django_frappe_web.api.bearer.BearerTokenAuthentication"]},
    )
    import django

    django.setup()
    import django_frappe_web

    failed = []
    for module in pkgutil.walk_packages(django_frappe_web.__path__, "django_frappe_web."):
        if module.name == "django_frappe_web.api.bearer":
            continue
        try:
            importlib.import_module(module.name)
        except Exception as exc:
            failed.append(f"{module.name}: {exc!r}")
    print("\\n".join(failed) or "all imported")
    from django.core import checks

    for message in checks.run_checks():
        if message.id.startswith("django_frappe_web."):
            print(message.id, message.msg)
""")


def test_every_module_but_the_bearer_adapter_imports_without_the_extras_and_the_checks_say_why():
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "all imported", result.stdout
    bearer_errors = [line for line in lines[1:] if line.startswith("django_frappe_web.E007")]
    assert len(bearer_errors) == 1 and "'oauth2_provider' is not in INSTALLED_APPS" in bearer_errors[0], lines
