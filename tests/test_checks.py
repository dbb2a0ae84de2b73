"""System checks: each misconfiguration gives its stable id and a hint."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from django_frappe_web.checks import AUTH_MIDDLEWARE, MIDDLEWARE_PATH, check_middleware, check_settings, check_urls
from tests import settings as test_settings

BASE = list(test_settings.MIDDLEWARE)


def ids(messages):
    return sorted(m.id for m in messages)


@override_settings(DEBUG=True)
def test_clean_configuration_passes():
    assert [m for m in run_checks() if m.id.startswith("django_frappe_web")] == []


def test_missing_middleware():
    with override_settings(MIDDLEWARE=[m for m in BASE if m != MIDDLEWARE_PATH]):
        messages = check_middleware()
    assert ids(messages) == ["django_frappe_web.E001"]
    assert AUTH_MIDDLEWARE in messages[0].hint


def test_middleware_before_authentication():
    order = [m for m in BASE if m != MIDDLEWARE_PATH]
    order.insert(order.index(AUTH_MIDDLEWARE), MIDDLEWARE_PATH)
    with override_settings(MIDDLEWARE=order):
        messages = check_middleware()
    assert ids(messages) == ["django_frappe_web.E002"]
    assert "Move" in messages[0].hint


def test_missing_session_and_auth_middleware():
    with override_settings(MIDDLEWARE=[MIDDLEWARE_PATH]):
        assert ids(check_middleware()) == ["django_frappe_web.E003", "django_frappe_web.E003"]


def test_unknown_keys_wrong_types_and_cache_alias():
    with override_settings(FRAPPE_WEB={"HOME_PAGES": "x", "PAGE_CACHE_TIMEOUT": "soon", "CACHE_ALIAS": "nope"}, DEBUG=True):
        messages = check_settings()
    assert ids(messages) == ["django_frappe_web.E004", "django_frappe_web.E005", "django_frappe_web.E006"]
    unknown = next(m for m in messages if m.id.endswith("E004"))
    assert "HOME_PAGES" in unknown.msg and "HOME_PAGE" in unknown.hint


def test_backup_dir_must_be_a_path_or_none(tmp_path):
    with override_settings(FRAPPE_WEB={"BACKUP_DIR": 42}, DEBUG=True):
        assert ids(check_settings()) == ["django_frappe_web.E006"]
    for value in (None, str(tmp_path), tmp_path):
        with override_settings(FRAPPE_WEB={"BACKUP_DIR": value}, DEBUG=True):
            assert check_settings() == [], value


def test_settings_must_be_a_dict():
    with override_settings(FRAPPE_WEB=["HOME_PAGE"]):
        assert ids(check_settings()) == ["django_frappe_web.E006"]


def test_bad_renderer_path():
    with override_settings(FRAPPE_WEB={"PAGE_RENDERERS": ["no.such.Renderer"]}, DEBUG=True):
        messages = check_settings()
    assert ids(messages) == ["django_frappe_web.E007"]
    assert "no.such.Renderer" in messages[0].msg


def test_process_local_cache_warns_without_debug():
    with override_settings(DEBUG=False):
        locmem = "LocMemCache" in test_settings.CACHES["default"]["BACKEND"]
        assert ("django_frappe_web.W003" in ids(check_settings())) is locmem
    with override_settings(DEBUG=True):
        assert "django_frappe_web.W003" not in ids(check_settings())


@pytest.mark.parametrize(
    ("urlconf", "expected"),
    [("tests.urlconfs.include_not_last", ["django_frappe_web.W001"]),
     ("tests.urlconfs.not_included", ["django_frappe_web.W002"]),
     ("tests.urls", [])],
)
def test_urls_include(urlconf, expected):
    with override_settings(ROOT_URLCONF=urlconf):
        assert ids(check_urls()) == expected


def test_swagger_ui_files_need_the_sidecar_app():
    from django_frappe_web.checks import check_installed_apps

    assert check_installed_apps() == []
    without = [app for app in test_settings.INSTALLED_APPS if app != "drf_spectacular_sidecar"]
    with override_settings(INSTALLED_APPS=without):
        assert ids(check_installed_apps()) == ["django_frappe_web.W004"]


def test_the_job_backend_must_be_a_tasks_alias():
    from django_frappe_web.checks import check_jobs

    assert check_jobs() == []
    with override_settings(FRAPPE_WEB={"JOB_BACKEND": "nowhere"}):
        [error] = check_jobs()
    assert error.id == "django_frappe_web.E030" and "'nowhere'" in error.msg


def test_frappes_queues_must_map_to_queues_the_backend_takes():
    from django_frappe_web.checks import check_jobs

    with override_settings(FRAPPE_WEB={"JOB_QUEUES": {"short": "short", "default": "default", "long": "background"}}):
        [warning] = check_jobs()
    assert warning.id == "django_frappe_web.W030" and "background" in warning.msg and "QUEUES" in warning.hint
