"""The package's catalogs are complete and compiled: every string ``make messages`` would extract is
translated (none empty, none fuzzy) in every language of ``locale/``, and each ``.mo`` holds exactly
its ``.po``'s translations.

The extraction runs on a copy of the package (``scripts/messages.py``, as ``make messages``), so
the checkout is never touched. When it fails, run ``make messages`` and translate the listed msgids.
"""

from __future__ import annotations

import gettext
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.po_files import Entry, read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_frappe_web"
LOCALE = PACKAGE / "locale"
DOMAINS = ("django", "djangojs")
LANGUAGES = sorted(path.name for path in LOCALE.iterdir() if (path / "LC_MESSAGES").is_dir())

needs_gettext = pytest.mark.skipif(shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
                                   reason="needs GNU gettext (xgettext, msgfmt): apt-get install gettext")


def _load_script(path: Path):
    spec = importlib.util.spec_from_file_location("make_messages_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messages = _load_script(ROOT / "scripts" / "messages.py")  # what `make messages` runs


def catalog(language: str, domain: str, root: Path = LOCALE) -> list[Entry]:
    return [entry for entry in read_po(root / language / "LC_MESSAGES" / f"{domain}.po") if not entry.obsolete]


def describe(entries) -> str:
    return "\n".join(f"  - {('[' + e.msgctxt + '] ') if e.msgctxt else ''}{e.msgid!r}" for e in entries)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the package with freshly extracted catalogs (its locale/ as committed, then merged)."""
    copy = tmp_path_factory.mktemp("catalogs") / "django_frappe_web"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    messages.configure_django()
    messages.extract(copy, LANGUAGES)
    return copy / "locale"


def test_german_and_french_at_least():
    assert {"de", "fr"} <= set(LANGUAGES)


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_extracted_string_is_in_the_catalog(extracted, language, domain):
    committed = {entry.key for entry in catalog(language, domain)}
    missing = [entry for entry in catalog(language, domain, extracted) if entry.key not in committed]
    assert not missing, (f"{language}/{domain}.po lacks {len(missing)} string(s) that makemessages extracts; "
                         f"run `make messages` and translate:\n{describe(missing)}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_no_entry_is_empty_or_fuzzy(language, domain):
    entries = catalog(language, domain)
    assert entries, f"{language}/{domain}.po is empty"
    untranslated = [entry for entry in entries if not entry.translated]
    fuzzy = [entry for entry in entries if "fuzzy" in entry.flags]
    assert not untranslated, f"{language}/{domain}.po has untranslated entries:\n{describe(untranslated)}"
    assert not fuzzy, f"{language}/{domain}.po has fuzzy entries (check them, then drop the flag):\n{describe(fuzzy)}"


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_mo_file_is_compiled_from_the_po_file(tmp_path, language, domain):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(folder / f"{domain}.po")], check=True)
    committed = _messages(folder / f"{domain}.mo")
    expected = _messages(fresh)
    stale = sorted({key for key, _value in set(expected.items()) ^ set(committed.items())}, key=repr)
    assert not stale, (f"{language}/{domain}.mo differs from its .po (run `make messages`):\n"
                       + "\n".join(f"  - {key!r}" for key in stale[:20]))


def _messages(path: Path) -> dict:
    with path.open("rb") as file:
        translations = gettext.GNUTranslations(file)
    return {key: value for key, value in translations._catalog.items() if key != ""}


def test_the_reader_sees_what_the_checks_need(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\nmsgid "A"\nmsgstr "Ä"\n\n#, fuzzy\nmsgid "B"\nmsgstr "B?"\n\n'
                  'msgctxt "c"\nmsgid ""\n"C "\n"D"\nmsgstr ""\n\n#~ msgid "Old"\n#~ msgstr "Alt"\n', encoding="utf-8")
    entries = read_po(po)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.translated, "fuzzy" in e.flags, e.obsolete) for e in entries] == [
        (None, "A", "Ä", True, False, False), (None, "B", "B?", True, True, False),
        ("c", "C D", "", False, False, False), (None, "Old", "Alt", True, False, True)]
