"""The language picker in headless Chromium: a visitor reads /about in English, switches to German
with the top bar's picker (the page's German address, its German text), keeps German on the next
page, and switches back to English."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def choose(page, code: str) -> None:
    """Open the picker (a <details>: no JavaScript needed) and follow the link to ``code``."""
    page.click("details.language-picker > summary")
    page.click(f'details.language-picker a[hreflang="{code}"]')
    page.wait_for_load_state()


def test_the_picker_switches_the_same_page_to_another_language_and_the_site_stays_in_it(example_site, browser_page):
    page = browser_page
    page.goto(example_site + "/about")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "About this demo" in page.locator("main").inner_text()
    assert page.locator('details.language-picker a[aria-current="true"]').get_attribute("hreflang") == "en"

    choose(page, "de")
    address = urlsplit(page.url)
    assert address.path == "/de/ueber-diese-demo" and parse_qs(address.query) == {"_lang": ["de"]}
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Über diese Demo" in page.locator("main").inner_text()
    assert page.locator('details.language-picker a[aria-current="true"]').get_attribute("hreflang") == "de"

    page.click('nav#navbar-links >> a[href="/docs"]')  # another page, without _lang: the cookie keeps German
    page.wait_for_url("**/docs")
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Dokumentation" in page.locator("main").inner_text()

    page.click('nav#navbar-links >> a[href="/"]')  # the home page's blocks, in German too
    page.wait_for_url(example_site + "/")
    assert page.locator(".web-block-hero h1").inner_text() == "Frappes Website-Schicht, auf Django"
    page.goto(example_site + "/apply/new")  # a form of steps: its steps' and sections' titles too
    assert page.locator(".web-form-progress li[aria-current=step]").inner_text() == "Über Sie"
    assert page.locator(".web-form-page:not([hidden]) .web-form-section-title").all_inner_texts() == ["Kontakt", "Wo Sie wohnen"]
    assert page.get_by_label("Ihr Name").is_visible()
    page.goto(example_site + "/docs")

    choose(page, "en")
    address = urlsplit(page.url)
    assert address.path == "/docs" and parse_qs(address.query) == {"_lang": ["en"]}
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Documentation" in page.locator("main").inner_text() and "Dokumentation" not in page.locator("main").inner_text()
    page.goto(example_site + "/about")
    assert "About this demo" in page.locator("main").inner_text()  # back to English for good
