"""The example project's content tour in headless Chromium: a page built from blocks, a scheduled
page, a draft's signed preview (the link ``seed_demo`` prints), the site search and the blog feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.example_project.conftest import demo_environment, manage

pytestmark = pytest.mark.browser


def test_the_content_tour(example_site, example_database, browser_page):
    page = browser_page
    page.goto(example_site + "/")
    page.click("main >> text=Take the content tour")
    page.wait_for_url("**/tour")
    assert page.title() == "Demo | A tour of the content features"  # Website Route Meta
    assert page.locator("section.web-block").count() == 4
    assert page.locator(".web-block-hero h1").inner_text() == "A page built from blocks"
    assert page.locator(".web-block-cards li.card").count() == 3
    assert page.locator(".web-block-hero").evaluate("e => getComputedStyle(e).textAlign") == "center"  # page CSS file

    page.goto(example_site + "/spring-sale")
    assert "Half price" in page.locator("main").inner_text()

    page.goto(example_site + "/search?q=welcome")
    assert page.locator("ol.search-results li mark").count() >= 1
    assert page.locator("ol.search-results a[href='/blog/welcome']").count() == 1

    feed = requests.get(example_site + "/blog/rss.xml", timeout=10)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("application/rss+xml")
    assert "Welcome to django-frappe-web" in [item.findtext("title") for item in ET.fromstring(feed.content).iter("item")]
    page.goto(example_site + "/blog")
    assert page.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href") == "/blog/rss.xml"

    seeded = manage(demo_environment(example_database), "seed_demo").stdout  # prints the draft's preview link again
    preview = re.search(r"draft preview of /about: http://127\.0\.0\.1:8000(\S+)", seeded).group(1)
    page.goto(example_site + preview)
    assert "in a draft only" in page.locator("article.web-page").inner_text()
    page.goto(example_site + "/about")
    assert "in a draft only" not in page.locator("article.web-page").inner_text()
