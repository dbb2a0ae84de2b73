"""``frappe._`` and ``frappe._lt`` over Django's gettext, with the package's German and French catalogs."""

from __future__ import annotations

import subprocess

import pytest
from django.template import Context, Template
from django.utils import translation

from django_frappe_web import frappe
from django_frappe_web.translate import _, _lt
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("three_languages")


def test_the_active_language():
    with translation.override("de"):
        assert _("Not permitted") == "Nicht erlaubt"
    with translation.override("fr"):
        assert _("Not permitted") == "Non autorisé"
    with translation.override("en"):
        assert _("Not permitted") == "Not permitted"


def test_lang_names_another_language_for_one_call():
    with translation.override("fr"):
        assert _("Not permitted", lang="de") == "Nicht erlaubt"
        assert translation.get_language() == "fr"


def test_context_is_gettexts_message_context_falling_back_as_frappes(tmp_path, settings):
    # A project catalog with "Close" in the context "Door": that one wins within the context, and a
    # context no catalog has falls back to the plain translation (Frappe's _ does the same).
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                      'msgctxt "Door"\nmsgid "Not permitted"\nmsgstr "Zutritt verboten"\n', encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True)
    settings.LOCALE_PATHS = [str(tmp_path)]
    assert _("Not permitted", lang="de", context="Door") == "Zutritt verboten"
    assert _("Not permitted", lang="de", context="Coins") == "Nicht erlaubt"
    assert _("Not permitted", lang="de") == "Nicht erlaubt"


def test_untranslated_text_empty_text_and_other_values():
    assert _("A sentence no catalog has", lang="de") == "A sentence no catalog has"
    assert _("", lang="de") == "" and _(None) == ""
    assert _(404, lang="de") == "404"


def test_lt_translates_when_used_in_the_language_active_then():
    label = _lt("Not permitted")
    with translation.override("de"):
        assert str(label) == "Nicht erlaubt"
    with translation.override("fr"):
        assert f"{label}" == "Non autorisé"
    assert str(_lt("Invalid login credentials", lang="fr")) == "Identifiants de connexion invalides"


def test_on_the_frappe_facade():
    assert frappe._ is _ and frappe._lt is _lt
    assert {"_", "_lt"} <= set(frappe.__all__)


def test_in_templates_the_same_catalogs_through_translate():
    template = Template('{% load i18n %}{% translate "Not permitted" %}|{% translate "Invalid login credentials" %}')
    with translation.override("de"):
        assert template.render(Context()) == "Nicht erlaubt|Ungültige Anmeldedaten"


@pytest.mark.django_db
def test_pages_context_has_underscore_for_jinja_pages(rf):
    from django_frappe_web.website.context import base_context

    context = base_context(rf.get("/about"), "about")
    assert context["_"]("Not permitted", lang="fr") == "Non autorisé" and context["frappe"]._ is _
