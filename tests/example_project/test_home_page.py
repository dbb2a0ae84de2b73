"""The example project's home page, asked with Django's test client in the project's own settings
(``manage.py shell`` on a migrated and seeded throw-away database): a Web Page built from the
package's blocks, served at /, linking to the tour, the site search and a feed, in three languages."""

from __future__ import annotations

import json

import pytest

from .conftest import demo_environment, manage

# Run by the example project's `manage.py shell`: the answers of a few paths, as JSON.
ASK = """
import json
import re
from django.test import Client

client = Client()
answers = {}
for path in ("/", "/tour", "/features", "/blog/rss.xml", "/?_lang=de", "/?_lang=fr", "/search?q=Admin&_lang=de",
             "/search?q=Fassung&_lang=de"):
    response = client.get(path)
    answers[path] = {"status": response.status_code, "type": response["Content-Type"], "body": response.content.decode()}
theme = re.search(r'href="(/_theme/[0-9a-f]+[.]css)"', answers["/"]["body"]).group(1)
response = client.get(theme)
answers["theme"] = {"status": response.status_code, "type": response["Content-Type"], "body": response.content.decode()}
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers(example_database) -> dict:
    env = demo_environment(example_database)
    (example_database.parent / "backups").mkdir(exist_ok=True)
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo")
    return json.loads(manage(env, "shell", "-c", ASK).stdout.strip().splitlines()[-1])


def test_the_home_page_is_a_web_page_of_blocks(answers):
    home = answers["/"]
    assert home["status"] == 200 and home["type"].startswith("text/html")
    body = home["body"]
    for block in ("hero", "markdown_section", "cards", "image_with_caption", "call_to_action"):
        assert f'<section class="web-block web-block-{block}">' in body
    assert "<h1 class=\"hero-title\">Frappe&#x27;s website layer, on Django</h1>" in body
    assert "<strong>Web Page</strong>" in body  # the Markdown section, rendered
    assert '<img src="/static/demo/blocks.svg" alt="A page drawn as five stacked blocks' in body
    for link in ('href="/tour"', 'href="/search?q=django"', 'href="/blog/rss.xml"', 'href="/features"'):
        assert link in body
    assert 'action="/search"' in body  # the top bar's search box (Website Settings' navbar_search)


def test_the_tour_and_the_features_page_still_work_and_link_search_and_a_feed(answers):
    tour = answers["/tour"]["body"]
    assert answers["/tour"]["status"] == 200 and 'href="/search?q=welcome"' in tour and 'href="/blog/rss.xml"' in tour
    assert answers["/features"]["status"] == 200 and 'id="whoami"' in answers["/features"]["body"]
    assert answers["/blog/rss.xml"]["status"] == 200 and answers["/blog/rss.xml"]["type"].startswith("application/rss+xml")


def test_the_seeded_theme_is_served_as_a_stylesheet(answers):
    theme = answers["theme"]
    assert theme["status"] == 200 and theme["type"] == "text/css; charset=utf-8"
    assert "--fw-theme-primary: #0b6e4f;" in theme["body"] and "--fw-font-heading: Georgia" in theme["body"]


def test_the_home_pages_blocks_are_in_german_and_french_with_the_same_links(answers):
    german, french = answers["/?_lang=de"]["body"], answers["/?_lang=fr"]["body"]
    assert '<h1 class="hero-title">Frappes Website-Schicht, auf Django</h1>' in german
    assert '<a href="/tour">Die Inhalts-Tour</a>' in german and "<h2>Entdecken</h2>" in german
    assert 'alt="Eine Seite aus fünf gestapelten Blöcken' in german and "Startseite</title>" in german
    assert '<h1 class="hero-title">La couche web de Frappe, sur Django</h1>' in french
    # French translates some texts only: the rest show in English, as written.
    assert "<h2>Explorer</h2>" in french and "Blocks, a scheduled page, drafts and previews." in french
    assert "Frappes" not in answers["/"]["body"] and "Explorer" not in answers["/"]["body"]


def test_a_german_visitor_searching_finds_pages_in_german(answers):
    results = answers["/search?q=Admin&_lang=de"]
    assert results["status"] == 200
    assert '<a href="/de/ueber-diese-demo">Über diese Demo</a>' in results["body"]  # a Web Page's translation
    assert "bearbeiten Sie sie im <mark>Admin</mark>" in results["body"]
    docs = answers["/search?q=Fassung&_lang=de"]["body"]  # a www page's German source (index.de.md)
    assert '<a href="/docs">Dokumentation</a>' in docs and "die deutsche <mark>Fassung</mark>" in docs
