"""frappe.whitelist: the registry behind /api/method."""

import pytest

from django_frappe_web import frappe
from django_frappe_web.whitelist import get_whitelisted, is_whitelisted
from tests.testapp import api


def test_registered_with_options():
    entry = get_whitelisted("tests.testapp.api.ping_guest")
    assert entry.func is api.ping_guest and entry.allow_guest
    assert get_whitelisted("tests.testapp.api.post_only").methods == ("POST",)
    assert get_whitelisted("tests.testapp.api.bare").allow_guest is False
    assert is_whitelisted(api.bare) and not is_whitelisted(api.not_whitelisted)


def test_decorator_returns_the_function_unchanged():
    assert api.ping_guest(value=2) == {"value": 2}


def test_existing_but_not_whitelisted_is_permission_error_without_module_name():
    with pytest.raises(frappe.PermissionError) as excinfo:
        get_whitelisted("tests.testapp.api.not_whitelisted")
    assert "tests.testapp" not in str(excinfo.value)


@pytest.mark.parametrize(
    "path",
    ["tests.testapp.api.nothing_here", "os.system", "subprocess.run", "no_dots", "a..b", "x" * 600, "tests.testapp.api.__init__"],
)
def test_unknown_or_outside_installed_apps_is_not_found(path):
    with pytest.raises((frappe.DoesNotExistError, frappe.PermissionError)):
        get_whitelisted(path)


def test_modules_outside_installed_apps_are_never_imported():
    import sys

    # Importing ``antigravity`` opens a web browser: the registry must never import it on request.
    sys.modules.pop("antigravity", None)
    with pytest.raises(frappe.DoesNotExistError):
        get_whitelisted("antigravity.geohash")
    assert "antigravity" not in sys.modules


def test_installed_apps_change_is_seen():
    """Which packages may be imported by path follows INSTALLED_APPS, also when a test changes it."""
    from django.test import override_settings

    get_whitelisted("tests.testapp.api.ping_guest")  # fills the cache of installed packages
    with override_settings(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"]):
        with pytest.raises(frappe.DoesNotExistError):
            get_whitelisted("tests.testapp.api.not_whitelisted")
