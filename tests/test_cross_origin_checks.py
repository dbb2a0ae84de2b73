"""System checks W070-W074: CORS, CSRF and SameSite settings that disagree for a front end on another origin."""

from __future__ import annotations

import pytest

from django_frappe_web.cross_origin_checks import CORS_MIDDLEWARE, check_cross_origin

APP = "https://app.example.org"
OTHER_SITE = "https://spa.example.net"


@pytest.fixture
def cross_origin(settings):
    """A site at api.example.org whose CORS, CSRF and cookies agree for both front ends."""
    settings.ALLOWED_HOSTS = ["api.example.org"]
    settings.MIDDLEWARE = [CORS_MIDDLEWARE, *settings.MIDDLEWARE]
    settings.CORS_ALLOWED_ORIGINS = [APP, OTHER_SITE]
    settings.CORS_ALLOW_CREDENTIALS = True
    settings.CSRF_TRUSTED_ORIGINS = [APP, OTHER_SITE]
    settings.SESSION_COOKIE_SAMESITE = "None"
    settings.SESSION_COOKIE_SECURE = True
    return settings


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_settings_that_agree_pass(cross_origin):
    assert check_cross_origin() == []


def test_no_cors_settings_no_warnings(settings):
    assert check_cross_origin() == []


def test_allowing_all_origins_with_credentials_is_w060(cross_origin):
    cross_origin.CORS_ALLOW_ALL_ORIGINS = True
    [warning] = check_cross_origin()
    assert warning.id == "django_frappe_web.W070" and "every web site" in warning.msg
    assert "CORS_ALLOWED_ORIGINS" in warning.hint


def test_all_origins_without_credentials_is_fine(cross_origin):
    cross_origin.CORS_ALLOW_ALL_ORIGINS, cross_origin.CORS_ALLOW_CREDENTIALS = True, False
    assert check_cross_origin() == []


def test_an_origin_allowed_with_credentials_but_not_csrf_trusted_is_w061(cross_origin):
    cross_origin.CSRF_TRUSTED_ORIGINS = [APP]
    [warning] = check_cross_origin()
    assert warning.id == "django_frappe_web.W071" and OTHER_SITE in warning.msg and "CSRFTokenError" in warning.msg
    assert f"Add '{OTHER_SITE}' to CSRF_TRUSTED_ORIGINS" in warning.hint and "bearer tokens" in warning.hint


def test_csrf_wildcards_count_as_trusted(cross_origin):
    cross_origin.CSRF_TRUSTED_ORIGINS = ["https://*.example.org", "https://*.example.net"]
    assert check_cross_origin() == []


def test_without_credentials_csrf_and_cookies_do_not_matter(cross_origin):
    cross_origin.CORS_ALLOW_CREDENTIALS = False
    cross_origin.CSRF_TRUSTED_ORIGINS = []
    cross_origin.SESSION_COOKIE_SAMESITE = "Strict"
    assert check_cross_origin() == []


@pytest.mark.parametrize("samesite", ["Lax", "Strict", None])
def test_a_cross_site_origin_with_a_lax_or_strict_session_cookie_is_w062(cross_origin, samesite):
    cross_origin.SESSION_COOKIE_SAMESITE = samesite
    [warning] = check_cross_origin()
    # app.example.org is the same site as api.example.org: the cookie goes along; example.net is not.
    assert warning.id == "django_frappe_web.W072" and OTHER_SITE in warning.msg and APP not in warning.msg
    assert "SESSION_COOKIE_SAMESITE = 'None'" in warning.hint


def test_same_site_cannot_be_told_with_any_host(cross_origin):
    cross_origin.SESSION_COOKIE_SAMESITE = "Lax"
    cross_origin.ALLOWED_HOSTS = ["*"]
    assert check_cross_origin() == []


def test_loopback_ports_are_one_site_but_names_differ(cross_origin):
    cross_origin.ALLOWED_HOSTS = ["127.0.0.1"]
    cross_origin.SESSION_COOKIE_SAMESITE = "Lax"
    cross_origin.CORS_ALLOWED_ORIGINS = cross_origin.CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:5173",
                                                                           "http://localhost:5173"]
    [warning] = check_cross_origin()
    assert warning.id == "django_frappe_web.W072" and "http://localhost:5173" in warning.msg


@pytest.mark.parametrize("prefix", ["SESSION", "CSRF"])
def test_samesite_none_without_secure_is_w063(settings, prefix):
    setattr(settings, f"{prefix}_COOKIE_SAMESITE", "None")
    setattr(settings, f"{prefix}_COOKIE_SECURE", False)
    [warning] = check_cross_origin()
    assert warning.id == "django_frappe_web.W073" and f"{prefix}_COOKIE_SECURE = True" in warning.hint


def test_cors_settings_without_the_middleware_is_w064(cross_origin):
    cross_origin.MIDDLEWARE = [m for m in cross_origin.MIDDLEWARE if m != CORS_MIDDLEWARE]
    assert ids(check_cross_origin()) == ["django_frappe_web.W074"]


def test_the_old_setting_names_are_read_too(settings):
    settings.ALLOWED_HOSTS = ["api.example.org"]
    settings.CORS_ORIGIN_ALLOW_ALL = True
    settings.CORS_ALLOW_CREDENTIALS = True
    assert ids(check_cross_origin()) == ["django_frappe_web.W074", "django_frappe_web.W070"]


def test_the_check_is_registered(cross_origin):
    from django.core import checks

    cross_origin.CSRF_TRUSTED_ORIGINS = []
    found = [m.id for m in checks.run_checks() if m.id.startswith("django_frappe_web.W07")]
    assert found == ["django_frappe_web.W071", "django_frappe_web.W071"]
