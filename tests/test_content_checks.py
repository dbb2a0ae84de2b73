"""System checks of the content features: feed fields (E100, E101) and web template folders (W100)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

from django_frappe_web.content_checks import check_feed_fields, check_web_templates
from django_frappe_web.doctypes import site


def ids(messages):
    return [message.id for message in messages]


def test_a_clean_project_passes():
    assert check_feed_fields() == [] and check_web_templates() == []


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("feed_date_field", "title", "django_frappe_web.E100"),
    ("feed_date_field", "nope", "django_frappe_web.E100"),
    ("feed_description_field", "nope", "django_frappe_web.E101"),
])
def test_feed_fields_that_do_not_fit(monkeypatch, option, value, expected):
    monkeypatch.setattr(site.get("Article"), option, value)
    assert ids(check_feed_fields()) == [expected]


def test_a_broken_web_template_folder_is_reported(tmp_path, monkeypatch):
    app = apps.get_app_config("testapp")
    folders = Path(tmp_path, "web_templates")
    for name, files in {"no_html": {"no_html.json": "{}"}, "bad_json": {"bad_json.html": "x", "bad_json.json": "{"},
                        "bad_fields": {"bad_fields.html": "x", "bad_fields.json": '{"fields": [{"fieldname": "a b"}]}'},
                        "bad_template": {"bad_template.html": "{% if %}"}, "fine": {"fine.html": "ok"}}.items():
        (folders / name).mkdir(parents=True)
        for filename, text in files.items():
            (folders / name / filename).write_text(text)
    monkeypatch.setattr(app, "path", str(tmp_path))
    warnings = check_web_templates()
    assert ids(warnings) == ["django_frappe_web.W100"] * 4
    assert sorted(Path(w.obj).name for w in warnings) == ["bad_fields", "bad_json", "bad_template", "no_html"]


@pytest.mark.django_db
def test_redirect_chains_and_loops_are_reported_with_the_database():
    from django_frappe_web.content_checks import check_redirect_chains
    from django_frappe_web.models import WebsiteRedirect

    assert check_redirect_chains(databases=["default"]) == []
    WebsiteRedirect.objects.create(source="a", target="/b")
    WebsiteRedirect.objects.create(source="b", target="/c")
    WebsiteRedirect.objects.create(source="x", target="/y")
    WebsiteRedirect.objects.create(source="y", target="/x")  # written without clean(): a loop
    warnings = check_redirect_chains(databases=["default"])
    assert ids(warnings) == ["django_frappe_web.W101"] * 3
    text = " ".join(w.msg for w in warnings)
    assert "Redirect a → /b: This redirect leads to another redirect (/b → /c)" in text and "makes a loop" in text
    assert check_redirect_chains() == []  # without --database


@pytest.mark.django_db
def test_the_redirect_check_is_quiet_before_the_table_exists(monkeypatch):
    from django.db import connection

    from django_frappe_web.content_checks import check_redirect_chains

    monkeypatch.setattr(connection.introspection, "table_names", lambda *args, **kwargs: [])
    assert check_redirect_chains(databases=["default"]) == []


@pytest.mark.parametrize(("key", "value"), [("PREVIEW_MAX_AGE", "1 day"), ("NOT_FOUND_LOG", "yes"),
                                            ("NOT_FOUND_LOG_SAMPLE_RATE", "0.1"), ("AUTO_REDIRECT_ON_ROUTE_CHANGE", 1)])
def test_content_settings_of_the_wrong_type_are_e006(key, value):
    from django.test import override_settings

    from django_frappe_web.checks import check_settings

    with override_settings(FRAPPE_WEB={key: value}):
        assert "django_frappe_web.E006" in ids(check_settings())


@pytest.mark.parametrize("extra", [{"SEARCH_CONFIGS": {"en": "english; DROP"}}, {"SEARCH_CONFIGS": {"en": 3}},
                                   {"SEARCH_CONFIGS": ["english"]}, {"SEARCH_DEFAULT_CONFIG": ""},
                                   {"SEARCH_DEFAULT_CONFIG": "a b"}])
def test_bad_search_configurations_are_e102(extra):
    from django.test import override_settings

    from django_frappe_web.content_checks import check_search_settings

    assert check_search_settings() == []
    with override_settings(FRAPPE_WEB=extra):
        assert ids(check_search_settings()) == ["django_frappe_web.E102"]


@pytest.mark.django_db
def test_a_configuration_missing_from_the_database_is_e103():
    from django.db import connection
    from django.test import override_settings

    from django_frappe_web.content_checks import check_search_configs_exist

    assert check_search_configs_exist(databases=["default"]) == []
    with override_settings(FRAPPE_WEB={"SEARCH_CONFIGS": {"tlh": "klingon", "en": "pg_catalog.english"}}):
        expected = ["django_frappe_web.E103"] if connection.vendor == "postgresql" else []
        assert ids(check_search_configs_exist(databases=["default"])) == expected
        assert check_search_configs_exist() == []  # only with --database
