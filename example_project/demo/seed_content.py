"""The content tour (issue 17), seeded by ``manage.py seed_demo``: a Web Page built from blocks at
/tour, a page that is live for 30 days only, a draft of /about with its preview link, and links to
the site search and the blog's feeds."""

from __future__ import annotations

import datetime

from django.utils import timezone

from django_frappe_web.models import WebPage, WebPageBlock, WebsiteRouteMeta
from django_frappe_web.website.publishing import preview_url, record_revision

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
    """Seed the tour; the lines to print (the draft's preview link)."""
    tour, created = WebPage.objects.get_or_create(route="tour", defaults={
        "title": "Content tour", "main_section": "", "css": ".web-block-hero { text-align: center }"})
    if created:
        for order, (name, values) in enumerate(TOUR_BLOCKS):
            WebPageBlock.objects.create(page=tour, web_template=name, values=values, ordering=order)
        record_revision(tour, published=True)
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
