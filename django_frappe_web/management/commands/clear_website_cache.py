"""``manage.py clear_website_cache [--path P]``: forget cached pages, 404s and redirect tables."""

from django.core.management.base import BaseCommand

from ...website import page_cache


class Command(BaseCommand):
    help = "Clear the website cache for every process sharing the cache (or one path with --path)."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Only this path, e.g. /about")
        parser.add_argument("--host", default="localhost", help="The host the page was cached for (with --path).")

    def handle(self, *args, path=None, host="localhost", **options):
        if path:
            page_cache.delete_page(host, "/" + path.lstrip("/"))
            self.stdout.write(f"Cleared the cached page of {path} for {host}.")
        else:
            generation = page_cache.bump_generation()
            self.stdout.write(f"Website cache cleared (route generation {generation}).")
