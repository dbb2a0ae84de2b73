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


def test_api_modules_of_installed_apps_are_imported_at_start_up():
    """``<app>.api`` modules are discovered in ``AppConfig.ready``, as ``doctypes`` modules are: a
    request never has to import them."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, django; django.setup(); from django_frappe_web import whitelist; "
            "print('tests.testapp.api' in sys.modules, whitelist.get_whitelisted('tests.testapp.api.bare').path)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parent.parent,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"})
    assert result.stdout.split() == ["True", "tests.testapp.api.bare"], result.stderr[-2000:]


def test_resolving_a_path_never_imports_its_module():
    import sys

    sys.modules.pop("tests.testapp.imported_on_request", None)
    with pytest.raises(frappe.DoesNotExistError):
        get_whitelisted("tests.testapp.imported_on_request.anything")
    assert "tests.testapp.imported_on_request" not in sys.modules


def test_what_the_module_exposes_is_what_is_called():
    from tests.api import methods

    entry = get_whitelisted("tests.api.methods.whispers")
    assert entry.func is methods.whispers and entry.func(word="hi") == "HI"
    assert is_whitelisted(methods.whispers)  # it wraps the whitelisted function
    assert not is_whitelisted(api.swapped)  # it replaced it
    with pytest.raises(frappe.PermissionError):
        get_whitelisted("tests.testapp.api.swapped")


def test_default_verbs_are_frappes():
    assert get_whitelisted("tests.testapp.api.bare").methods == ("GET", "POST", "PUT", "DELETE")


def test_state_changing_is_declared():
    from tests.api import methods  # noqa: F401

    assert get_whitelisted("tests.testapp.api.post_only").changes_state  # GET is not among its verbs
    assert not get_whitelisted("tests.testapp.api.bare").changes_state
    assert get_whitelisted("tests.api.methods.toggles").changes_state  # declared with changes_state=True


def test_whitelisted_paths_are_every_path_a_function_answers_at():
    from django_frappe_web.whitelist import whitelisted_paths

    paths = whitelisted_paths()
    assert paths["tests.testapp.api.ping_guest"].func is api.ping_guest
    assert paths["frappe.client.get_list"].path == "django_frappe_web.api.client.get_list"  # an alias
    assert "django_frappe_web.api.client.get_list" in paths
    # A whitelisted function its module replaced with something unwrapped answers nowhere.
    assert "tests.testapp.api.swapped" not in paths and "tests.testapp.api.not_whitelisted" not in paths
    assert list(paths) == sorted(paths)
