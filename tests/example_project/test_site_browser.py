"""The example project as a visitor uses it: its own server, driven by headless Chromium.

``make demo`` runs the same project; this test migrates and seeds a throw-away copy of its
database, starts ``runserver`` on a free loopback port and clicks through the tour.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_tour_as_a_guest(example_site, browser_page):
    page = browser_page
    page.goto(example_site + "/")
    assert page.locator("section.web-block").count() == 5  # the home page: a Web Page built from blocks
    page.click("main >> text=Every feature >> nth=0")
    page.wait_for_url("**/features")
    assert page.title() == "Demo | Features"
    assert page.locator("main h1").inner_text() == "django-frappe-web demo"
    assert "a guest" in page.locator("main").inner_text()
    assert page.locator("ul.articles li").count() == 3  # the unpublished draft is not listed

    page.click("text=the docs")
    page.wait_for_url("**/docs")
    assert page.locator("main h1").inner_text() == "Documentation"
    assert page.locator("ul.page-index li").count() == 2  # the folder's child listing
    assert page.locator("aside.sidebar a").count() == 3  # from _sidebar.json

    page.click("ul.page-index >> text=Setup")
    page.wait_for_url("**/docs/setup")
    assert page.locator("main table td").first.inner_text() == "make demo"
    assert page.locator("nav.breadcrumbs a").all_inner_texts() == ["Home", "Documentation"]

    page.goto(example_site + "/old-blog/welcome")  # a settings redirect
    assert page.url == example_site + "/blog/welcome"
    assert page.locator("article h1").inner_text() == "Welcome to django-frappe-web"

    page.goto(example_site + "/about")  # a WebPage row, Markdown written in the admin
    assert page.locator("article.web-page h1").inner_text() == "About this demo"

    page.goto(example_site + "/hello/%3Cb%3Ebold")  # custom renderer; the visitor's text is escaped
    assert page.locator("main h1").inner_text() == "Hello, <b>bold!"
    assert page.locator("main h1 b").count() == 0
    response = page.goto(example_site + "/blog/roadmap")  # unpublished: 404, not 403
    assert response.status == 404
    assert page.goto(example_site + "/backups/demo-backup.txt").status == 403  # superusers only


def test_the_tour_runs_a_background_job_on_the_worker(example_site, example_worker, browser_page):
    page = browser_page
    page.goto(example_site + "/features")
    page.click("text=a job run by the worker")
    # Wait (bounded) for /jobs to load: page.url right after the click may still be /features, and
    # the button below must not be clicked before the page's inline script takes over its form.
    page.wait_for_url(example_site + "/jobs", timeout=10_000)
    assert page.url == example_site + "/jobs"
    assert page.locator("#tour-job output").inner_text() == "no job yet"
    page.click("#tour-job button")
    output = page.locator("#tour-job output")
    output.filter(has_text="finished").wait_for(timeout=20_000)
    assert output.inner_text() == "finished: tour: Guest sees 3 articles"


def test_login_then_logout(example_site, browser_page):
    page = browser_page
    page.goto(example_site + "/login?redirect-to=/docs")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "Please enter a correct username and password" in page.locator(".form-errors").inner_text()
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice")
    page.click("button[type=submit]")
    page.wait_for_url("**/docs")
    page.goto(example_site + "/features")
    assert "logged in as alice" in page.locator("main").inner_text()
    page.click("text=Log out")
    page.click("button[type=submit]")
    page.wait_for_url(example_site + "/")
    page.goto(example_site + "/features")
    assert "a guest" in page.locator("main").inner_text()
