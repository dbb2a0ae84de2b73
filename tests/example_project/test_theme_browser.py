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
PAGES = {"home": "/", "www": "/docs", "features": "/features", "list": "/blog", "document": "/blog/welcome", "web-page": "/about",
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


def screenshot_folder(example_database: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or example_database.parent / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serious_violations(page, axe_script: Path, where: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{where}: {v['id']} – {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in violations if v["impact"] in ("serious", "critical")]


def test_every_kind_of_page_is_accessible_at_phone_and_desktop_widths(example_site, example_database, browser_page, axe_script):
    page = browser_page
    folder = screenshot_folder(example_database)
    serious = []
    for width_name, (width, height, scheme) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=scheme)  # the theme's dark mode follows prefers-color-scheme
        for name, path in PAGES.items():
            page.goto(example_site + path)
            page.screenshot(path=str(folder / f"{name}-{width_name}.png"), full_page=True)
            serious += serious_violations(page, axe_script, f"{name} ({width_name})")
            if width_name == "phone":  # nothing wider than the screen: no sideways scrolling
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
    assert all((folder / f"{name}-{width_name}.png").is_file() for name in PAGES for width_name in WIDTHS)
    assert serious == []


def test_the_top_bar_collapses_behind_a_menu_button_on_phones(example_site, example_database, browser_page, axe_script):
    page = browser_page
    folder = screenshot_folder(example_database)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(example_site + "/tour")
    button, links = page.locator("button.navbar-toggle"), page.locator("#navbar-links")
    assert button.get_attribute("aria-controls") == "navbar-links" and button.inner_text() == "Menu"
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not links.is_visible() and not page.locator("#navbar-links >> text=Blog").is_visible()
    serious = serious_violations(page, axe_script, "menu closed (phone)")

    button.click()
    assert button.get_attribute("aria-expanded") == "true" and links.is_visible()
    assert page.locator("#navbar-links >> text=Blog").is_visible()
    page.screenshot(path=str(folder / "menu-open-phone.png"), full_page=True)
    serious += serious_violations(page, axe_script, "menu open (phone)")
    page.keyboard.press("Escape")  # closes it, the focus back on the button
    assert button.get_attribute("aria-expanded") == "false" and not links.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('navbar-toggle')")

    page.goto(example_site + "/tour")  # by keyboard alone: Tab to the button (after the brand), Enter
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('navbar-toggle')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")  # a visible focus ring
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and links.is_visible()
    page.keyboard.press("Tab")  # on into the links, in order
    assert page.evaluate("document.activeElement.textContent") == "Home"

    page.set_viewport_size({"width": 1280, "height": 900})  # desktop: the links inline, no button
    page.goto(example_site + "/tour")
    assert not button.is_visible() and links.is_visible()
    assert page.locator("#navbar-links >> text=Blog").is_visible()
    serious += serious_violations(page, axe_script, "desktop")
    assert serious == []


def test_the_home_page_is_built_from_blocks_in_the_sites_theme(example_site, example_database, browser_page, axe_script):
    page = browser_page
    folder = screenshot_folder(example_database)
    serious = []
    for width_name, (width, height, scheme, primary) in {"phone": (375, 740, "light", "rgb(11, 110, 79)"),
                                                         "desktop": (1280, 900, "light", "rgb(11, 110, 79)"),
                                                         "desktop-dark": (1280, 900, "dark", "rgb(76, 195, 138)")}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=scheme)
        page.goto(example_site + "/")
        blocks = page.locator("section.web-block")
        assert blocks.count() == 5
        assert page.locator(".web-block-hero h1").inner_text() == "Frappe's website layer, on Django"
        assert page.locator(".web-block-cards li.card").count() == 4
        # The block's image is loading="lazy": the page's load event does not wait for it, so scroll
        # to it and wait (bounded) until it has decoded with a real width.
        image = page.locator(".web-block-image_with_caption img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10_000)
        page.evaluate("window.scrollTo(0, 0)")
        hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert {"/tour", "/search?q=django", "/blog/rss.xml", "/features"} <= set(hrefs)
        # Website Settings' theme (seeded): its stylesheet is linked, and the buttons wear its colour.
        assert page.locator("link[href^='/_theme/']").count() == 1
        assert page.locator(".web-block-hero .btn-primary").evaluate("e => getComputedStyle(e).backgroundColor") == primary
        assert "Georgia" in page.locator("main h2").first.evaluate("e => getComputedStyle(e).fontFamily")
        page.screenshot(path=str(folder / f"home-blocks-{width_name}.png"), full_page=True)
        serious += serious_violations(page, axe_script, f"home ({width_name})")
        if width_name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert serious == []
