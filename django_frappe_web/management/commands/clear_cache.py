"""``manage.py clear_cache``: everything django_frappe_web keeps in caches."""

from django.core.management.base import BaseCommand

from ...cache import get_cache
from ...settings import web_settings
from ...website import page_cache


class Command(BaseCommand):
    help = "Clear frappe.cache keys, the website cache and this process's memoised data."

    def handle(self, *args, **options):
        get_cache().delete_keys("")
        page_cache.bump_generation()
        self.stdout.write(f"Cleared the {web_settings.CACHE_KEY_PREFIX!r} keys of cache {web_settings.CACHE_ALIAS!r} "
                          "and the website cache.")
