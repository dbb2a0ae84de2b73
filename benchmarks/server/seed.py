"""Fill the benchmark project's database: ``python -m benchmarks.server.seed [--pages] [--articles N] [--redirects N]``.

Run as its own process with the servers' environment (``project.py`` does), so the process that
drives the benchmarks never configures Django on the benchmark database itself.

* ``--pages``: the guest page as a ``WebPage`` row (route ``guest-webpage``) and as a Wagtail
  ``GuestPage`` (``/guest-page/`` under Wagtail's default site), both with the www page's body;
* ``--articles N``: N published ``Article`` rows for the REST lists (replacing any), with the
  index a Django user declares for their order;
* ``--redirects N``: N literal rules ``old-page-<i>`` -> ``/new-page-<i>`` in each of our
  ``WebsiteRedirect``, Wagtail's ``Redirect`` and ``django.contrib.redirects`` (replacing any).
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

BODY = (Path(__file__).resolve().parent / "www" / "guest-page.html").read_text()
TITLE = "Guest page"


def seed_pages() -> None:
    from wagtail.models import Page

    from django_frappe_web.models import WebPage

    from .wagtail_site.models import GuestPage

    WebPage.objects.update_or_create(route="guest-webpage", defaults={
        "title": TITLE, "content_type": "html", "main_section": BODY, "published": True})
    if not GuestPage.objects.filter(slug="guest-page").exists():
        home = Page.objects.get(depth=2)  # Wagtail's initial home page, the default site's root
        home.add_child(instance=GuestPage(title=TITLE, slug="guest-page", body=BODY))


def seed_articles(count: int) -> None:
    """``count`` rows, and the index a Django user declares for the doctype's sort
    (``Index(fields=["-published_on", "-id"])``) unless the model already has it."""
    from django.db import connection, models

    from tests.testapp.models import Article, Category

    Article.objects.all().delete()
    category = Category.objects.get_or_create(name="Benchmarks")[0]
    start = datetime.date(2000, 1, 1)
    Article.objects.bulk_create(
        (Article(title=f"Article {i}", slug=f"article-{i}", published=True, views=i, category=category,
                 published_on=start + datetime.timedelta(days=i % 9000)) for i in range(count)),
        batch_size=5000,
    )
    fields = ["-published_on", "-id"]
    if not any(index.fields == fields for index in Article._meta.indexes):
        index = models.Index(fields=fields, name="bench_article_published")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {index.name}")
        with connection.schema_editor() as editor:
            editor.add_index(Article, index)


def seed_redirects(count: int) -> None:
    from django.contrib.redirects.models import Redirect as DjangoRedirect
    from wagtail.contrib.redirects.models import Redirect as WagtailRedirect

    from django_frappe_web.models import WebsiteRedirect

    for model in (WebsiteRedirect, WagtailRedirect, DjangoRedirect):
        model.objects.all().delete()
    numbers = range(count)
    # Each as its app stores it: ours a regex over the path without its slashes, Wagtail's
    # normalised without the trailing slash, Django's the exact path requested.
    WebsiteRedirect.objects.bulk_create(
        (WebsiteRedirect(source=f"old-page-{i}", target=f"/new-page-{i}") for i in numbers), batch_size=5000)
    WagtailRedirect.objects.bulk_create(
        (WagtailRedirect(old_path=f"/old-page-{i}", redirect_link=f"/new-page-{i}/") for i in numbers),
        batch_size=5000)
    DjangoRedirect.objects.bulk_create(
        (DjangoRedirect(site_id=1, old_path=f"/old-page-{i}/", new_path=f"/new-page-{i}/") for i in numbers),
        batch_size=5000)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--redirects", type=int)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.server.settings")
    import django

    django.setup()
    if options.pages:
        seed_pages()
    if options.articles is not None:
        seed_articles(options.articles)
    if options.redirects is not None:
        seed_redirects(options.redirects)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk load, before the first request


if __name__ == "__main__":
    main()
