"""``make messages``: extract the package's strings into its catalogs, then compile them.

    python scripts/messages.py [PACKAGE_DIR]

Django's ``makemessages`` in the package's directory, for every language that has a folder in
``locale/`` (German and French today), for both domains: ``django`` (Python: ``_()``,
``gettext_lazy``..., and templates: ``{% translate %}``) and ``djangojs`` (the website's
JavaScript). xgettext does not know Frappe's names, so ``_lt("...")`` (Python) and ``__("...")``
(JavaScript) are added to its keywords. Then ``compilemessages`` writes the ``.mo`` files.
tests/test_catalogs.py runs the same extraction on a copy of the package and fails when a
catalog lacks a string, so run this after adding one, and translate what it adds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "django_frappe_web"
KEYWORDS = ["--keyword=_lt", "--keyword=__"]
# Not the package's own text: third-party assets and the tests' fixtures never ship strings to translate.
IGNORE = ["static/frappe_web/api_docs.js", "migrations/*"]


def configure_django() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True)
    import django

    django.setup()


def languages(package_dir: Path) -> list[str]:
    return sorted(path.name for path in (package_dir / "locale").iterdir() if (path / "LC_MESSAGES").is_dir())


def extract(package_dir: Path, locales: list[str] | None = None) -> None:
    """``makemessages`` for both domains in ``package_dir`` (a copy of the package, for the test)."""
    from django.core.management import call_command
    from django.core.management.commands import makemessages

    class Command(makemessages.Command):
        xgettext_options = [*makemessages.Command.xgettext_options, *KEYWORDS]

    cwd = os.getcwd()
    os.chdir(package_dir)
    try:
        for domain in ("django", "djangojs"):
            call_command(Command(), locale=locales or languages(package_dir), domain=domain, ignore_patterns=IGNORE,
                         no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)


def compile_catalogs(package_dir: Path) -> None:
    from django.core.management import call_command

    cwd = os.getcwd()
    os.chdir(package_dir)
    try:
        call_command("compilemessages", verbosity=0)
    finally:
        os.chdir(cwd)


if __name__ == "__main__":
    configure_django()
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE_DIR
    extract(target)
    compile_catalogs(target)
