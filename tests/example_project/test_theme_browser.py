"""The default theme in headless Chromium: every kind of page of the example project at phone and
desktop widths (and dark mode), screenshots saved (``SCREENSHOT_DIR``, else the test's temporary folder), and axe-core
(npm, tests/example_project/axe) finding no serious or critical accessibility violation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CI

pytestmark = pytest.mark.browser
AXE_DIR = Path(__file__).resolve().parent / "axe"
PAGES = {"home": "/", "www": "/docs", "list": "/blog", "document": "/blog/welcome", "web-page": "/about",
         "blocks": "/tour", "search": "/search?q=welcome", "login": "/login", "web-form": "/contact",
         "not-found": "/no-such-page", "print": "/Article/welcome"}
WIDTHS = {"phone": (375, 812, "light"), "desktop": (1280, 900, "light"), "desktop-dark": (1280, 900, "dark")}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if CI:
                pytest.fail("the accessibility check needs npm when CI=true", pytrace=False)
            pytest.skip("the accessibility check needs npm (axe-core)")
        subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True, timeout=300,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return script


def test_every_kind_of_page_is_accessible_at_phone_and_desktop_widths(example_site, example_database, browser_page, axe_script):
    page = browser_page
    folder = Path(os.environ.get("SCREENSHOT_DIR") or example_database.parent / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    serious = []
    for width_name, (width, height, scheme) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=scheme)  # the theme's dark mode follows prefers-color-scheme
        for name, path in PAGES.items():
            page.goto(example_site + path)
            page.screenshot(path=str(folder / f"{name}-{width_name}.png"), full_page=True)
            page.add_script_tag(path=str(axe_script))
            violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
            serious += [f"{name} ({width_name}): {v['id']} – {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
                        for v in violations if v["impact"] in ("serious", "critical")]
            if width_name == "phone":  # nothing wider than the screen: no sideways scrolling
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
    assert len(list(folder.glob("*.png"))) == len(PAGES) * len(WIDTHS)
    assert serious == []
