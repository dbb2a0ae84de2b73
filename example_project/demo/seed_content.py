"""The content tour (issue 17), seeded by ``manage.py seed_demo``: the home page (``home``, which
``FRAPPE_WEB["HOME_PAGE"]`` serves at /) and /tour, Web Pages built from blocks, a page that is
live for 30 days only, a draft of /about with its preview link, and links to the site search and
the blog's feeds."""

from __future__ import annotations

import datetime

from django.utils import timezone

from django_frappe_web.models import WebPage, WebPageBlock, WebsiteRouteMeta
from django_frappe_web.website.publishing import preview_url, record_revision

HOME_BLOCKS = [
    ("hero", {"title": "Frappe's website layer, on Django",
              "subtitle": "www pages, Web Pages built from blocks, lists and documents of your models, web forms, "
                          "accounts and a Frappe-compatible /api, in one Django app.",
              "primary_action": "/tour", "primary_action_label": "Take the content tour"}),
    ("markdown_section", {"title": "This page is made of blocks", "content":
                          "It is the **Web Page** `home`, served at `/` because the example's settings say "
                          "`FRAPPE_WEB[\"HOME_PAGE\"] = \"home\"`. Each section is a *block*: a web template "
                          "shipped with the package (hero, Markdown, cards, image with caption, call to action) "
                          "with its values, placed and ordered in the admin (log in as `admin` / `admin`).\n\n"
                          "Colours and fonts come from **Website Settings**: change them in the admin and "
                          "every page picks up the new theme."}),
    ("cards", {"title": "Explore", "cards": [
        {"title": "The content tour", "content": "Blocks, a scheduled page, drafts and previews.", "url": "/tour"},
        {"title": "Search the site", "content": "Web Pages, www pages and articles, with highlights.",
         "url": "/search?q=django"},
        {"title": "The blog's feed", "content": "RSS for the blog's list (Atom at /blog/atom.xml).", "url": "/blog/rss.xml"},
        {"title": "Every feature", "content": "A www page with a controller, linking to all the rest.", "url": "/features"},
    ]}),
    ("image_with_caption", {"image": "/static/demo/blocks.svg",
                            "alt": "A page drawn as five stacked blocks: a hero, a text section, three cards "
                                   "and a call to action",
                            "caption": "Blocks stack into a page; each is a template with declared fields."}),
    ("call_to_action", {"title": "See everything the demo does", "subtitle": "Web forms, accounts, print views, "
                        "background jobs and the REST API.", "url": "/features", "label": "Every feature"}),
]

TOUR_BLOCKS = [
    ("hero", {"title": "A page built from blocks", "subtitle": "Hero, cards, Markdown and a call to action: "
              "each a web template with declared fields, placed and ordered in the admin.",
              "primary_action": "/admin/django_frappe_web/webpage/", "primary_action_label": "Edit it in the admin"}),
    ("cards", {"title": "Try these", "cards": [
        {"title": "Search the site", "content": "Web Pages, www pages and articles.", "url": "/search?q=welcome"},
        {"title": "The blog's feed", "content": "RSS (also Atom at /blog/atom.xml).", "url": "/blog/rss.xml"},
        {"title": "A scheduled page", "content": "Live for 30 days from the seed, then gone by itself.", "url": "/spring-sale"},
    ]}),
    ("markdown_section", {"title": "Drafts and previews", "content": "Open **About** in the admin and press "
                          "*Save draft*: the live page stays as it is, and the message links to a signed preview. "
                          "`seed_demo` prints one too."}),
    ("call_to_action", {"title": "Moved a page?", "subtitle": "Change a Web Page's route: its old address redirects.",
                        "url": "/about", "label": "See About"}),
]


def seed_content() -> list[str]:
    """Seed the home page and the tour; the lines to print (the draft's preview link)."""
    seed_block_page("home", HOME_BLOCKS, title="Home", description="Frappe's website layer on Django: a demo.")
    seed_block_page("tour", TOUR_BLOCKS, title="Content tour", css=".web-block-hero { text-align: center }")
    WebPage.objects.get_or_create(route="spring-sale", defaults={
        "title": "Spring sale", "main_section": "Half price on everything, for 30 days from the seed.",
        "end_date": timezone.now() + datetime.timedelta(days=30)})
    WebsiteRouteMeta.objects.get_or_create(route="tour", defaults={
        "meta_title": "A tour of the content features", "description": "Blocks, schedules, previews, search and feeds."})
    about = WebPage.objects.filter(route="about").first()
    if about is None:
        return []
    draft = about.revisions.filter(published=False).first()
    if draft is None:
        about.main_section += "\n\n*This sentence is in a draft only: the live page does not show it.*"
        draft = record_revision(about, published=False)
    return [f"  draft preview of /about: http://127.0.0.1:8000{preview_url(draft)}"]


def seed_block_page(route: str, blocks: list[tuple[str, dict]], **fields) -> None:
    """A published Web Page made of ``blocks`` at ``route``, unless one is there (edits are kept)."""
    page, created = WebPage.objects.get_or_create(route=route, defaults={"main_section": "", **fields})
    if created:
        for order, (name, values) in enumerate(blocks):
            WebPageBlock.objects.create(page=page, web_template=name, values=values, ordering=order)
        record_revision(page, published=True)
