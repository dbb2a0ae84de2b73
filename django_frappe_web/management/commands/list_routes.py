"""``manage.py list_routes``: every known route with its source and renderer."""

from django.core.management.base import BaseCommand

from ...website.route_listing import iter_routes


class Command(BaseCommand):
    help = "List every route the website knows: www files, documents, redirects and route rules."

    def handle(self, *args, **options):
        routes = sorted(iter_routes(), key=lambda r: (r.renderer, r.route))
        width = max((len(r.route) for r in routes), default=10)
        for known in routes:
            self.stdout.write(f"{known.route:<{width}}  {known.renderer:<13}  {known.source}")
        self.stdout.write(f"{len(routes)} routes")
