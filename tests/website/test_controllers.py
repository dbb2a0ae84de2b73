"""Page controllers: loading, reloading, ``get_context`` and page attributes (website/controllers.py)."""

from __future__ import annotations

import os
import sys
import types

import pytest
from django.test import override_settings

from django_frappe_web.website.controllers import call_get_context, controller_attrs, load_controller
from django_frappe_web.website.www_files import WWWRoot
from django_frappe_web.website.www_index import WWWIndex, get_www_index
from tests.website.www_folders import APP, A, write

pytestmark = pytest.mark.usefixtures("fresh_www_index")


# ---------------------------------------------------------------------------
# controllers
# ---------------------------------------------------------------------------


def test_controller_with_argument_and_returned_dict(sites):
    module = load_controller(sites.find_page("about"))
    assert module.__name__.startswith("_frappe_www_controller_")
    assert sys.modules[module.__name__] is module
    assert os.path.realpath(module.__file__) == os.path.join(A, "about.py")
    context = {"path": "about", "title": "old"}
    result = call_get_context(module, context)
    assert result is context
    assert context == {"path": "about", "seen_path": "about", "extra": "merged", "title": "From get_context"}


def test_controller_without_argument(sites):
    module = load_controller(sites.find_page("docs/setup"))
    assert call_get_context(module, {"a": 1}) == {"a": 1, "no_arg": True}


def test_controller_mutating_context(sites):
    module = load_controller(sites.find_page("getting-started"))
    assert call_get_context(module, {}) == {"hyphen_controller": True}


def test_controller_attrs(sites):
    assert controller_attrs(load_controller(sites.find_page("about"))) == {
        "no_cache": 1,
        "sitemap": 0,
        "base_template_path": "custom/base.html",
        "title": "About (controller)",
    }
    assert controller_attrs(load_controller(sites.find_page("getting-started"))) == {"no_breadcrumbs": True}
    assert controller_attrs(load_controller(sites.find_page("docs/setup"))) == {}
    assert controller_attrs(None) == {}


def test_page_without_controller(sites):
    assert load_controller(sites.find_page("contact")) is None
    assert call_get_context(None, {"x": 1}) == {"x": 1}


def test_controllers_are_cached(sites):
    page = sites.find_page("about")
    assert load_controller(page) is load_controller(page)


def test_errors_in_get_context_propagate(sites):
    module = load_controller(sites.find_page("boom"))
    with pytest.raises(RuntimeError, match="boom from controller"):
        call_get_context(module, {})


def test_installed_app_controller_is_imported_as_package_module():
    page = get_www_index().find_page("wwwtest/app_page")
    assert page.app == "tests.testapp"
    assert page.controller == os.path.join(APP, "wwwtest", "app_page.py")
    module = load_controller(page)
    assert module.__name__ == "tests.testapp.www.wwwtest.app_page"
    assert sys.modules["tests.testapp.www.wwwtest.app_page"] is module
    # the relative import inside the controller worked
    assert call_get_context(module, {}) == {"greeting": "hello from a relative import"}


def test_installed_app_controller_in_non_identifier_folder_is_loaded_by_file():
    page = get_www_index().find_page("wwwtest/odd-dir/page")
    assert page.controller == os.path.join(APP, "wwwtest", "odd-dir", "page.py")
    module = load_controller(page)
    assert module.__name__.startswith("_frappe_www_controller_")
    assert module.LOADED_BY == "file"


def test_broken_controller_import_propagates(tmp_path):
    write(tmp_path / "bad.html", "<h1>bad</h1>")
    write(tmp_path / "bad.py", "def broken(:\n")
    write(tmp_path / "missing.html", "<h1>m</h1>")
    write(tmp_path / "missing.py", "import module_that_does_not_exist_xyz\n")
    index = WWWIndex(roots=[tmp_path])
    with pytest.raises(SyntaxError):
        load_controller(index.find_page("bad"))
    with pytest.raises(ModuleNotFoundError):
        load_controller(index.find_page("missing"))
    assert not [name for name, mod in sys.modules.items() if getattr(mod, "__file__", None) == str(tmp_path / "bad.py")]


def test_controller_reloads_in_debug_only(tmp_path):
    write(tmp_path / "page.html", "<h1>p</h1>")
    controller = write(tmp_path / "page.py", "VALUE = 1\n", mtime_offset=-100)
    page = WWWIndex(roots=[tmp_path]).find_page("page")
    with override_settings(DEBUG=False):
        first = load_controller(page)
        assert first.VALUE == 1
        write(controller, "VALUE = 2\n", mtime_offset=0)
        assert load_controller(page).VALUE == 1
    with override_settings(DEBUG=True):
        write(controller, "VALUE = 3\n", mtime_offset=10)
        reloaded = load_controller(page)
        assert reloaded.VALUE == 3
        assert reloaded.__name__ == first.__name__
        assert load_controller(page) is reloaded  # unchanged file: cached


def test_installed_app_controller_reloads_in_debug(tmp_path, monkeypatch):
    # same mechanism (importlib.reload) for a module imported by name: use a throw-away package
    package = tmp_path / "reloadapp"
    write(package / "__init__.py", "")
    write(package / "www" / "p.html", "<h1>p</h1>")
    controller = write(package / "www" / "p.py", "VALUE = 1\n", mtime_offset=-100)
    monkeypatch.syspath_prepend(str(tmp_path))
    page = WWWIndex(roots=[WWWRoot(str(package / "www"), "reloadapp")]).find_page("p")
    with override_settings(DEBUG=True):
        module = load_controller(page)
        assert module.__name__ == "reloadapp.www.p"
        assert module.VALUE == 1
        write(controller, "VALUE = 2\n", mtime_offset=10)
        assert load_controller(page).VALUE == 2
        assert sys.modules["reloadapp.www.p"].VALUE == 2
    for name in [name for name in sys.modules if name == "reloadapp" or name.startswith("reloadapp.")]:
        del sys.modules[name]


def _module(**attrs) -> types.ModuleType:
    module = types.ModuleType("fake_controller")
    module.__dict__.update(attrs)
    return module


def test_call_get_context_signatures():
    def with_default(context=None):
        return {"got": context is not None}

    def var_args(*args):
        return {"count": len(args)}

    def kw_only(**kwargs):
        return {"count": len(kwargs)}

    def returns_context(context):
        context["x"] = 1
        return context

    assert call_get_context(_module(get_context=with_default), {}) == {"got": True}
    assert call_get_context(_module(get_context=var_args), {}) == {"count": 1}
    assert call_get_context(_module(get_context=kw_only), {}) == {"count": 0}
    assert call_get_context(_module(get_context=returns_context), {}) == {"x": 1}
    assert call_get_context(_module(get_context="not callable"), {"a": 1}) == {"a": 1}
    assert call_get_context(_module(), {"a": 1}) == {"a": 1}


def test_call_get_context_rejects_odd_return_values():
    with pytest.raises(TypeError, match="returned list"):
        call_get_context(_module(get_context=lambda: [1, 2]), {})


def test_call_get_context_keeps_attribute_dict():
    from django_frappe_web.utils import _dict

    def frappe_style(context):
        context.no_cache = 1

    context = _dict(path="x")
    assert call_get_context(_module(get_context=frappe_style), context) is context
    assert context.no_cache == 1
