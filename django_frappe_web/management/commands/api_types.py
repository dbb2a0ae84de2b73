"""``manage.py api_types --ts F``: TypeScript declarations of the doctypes and whitelisted methods of ``/api``."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Write TypeScript interfaces for every doctype and whitelisted method of /api (from the OpenAPI "
            "document), for frappe-js-sdk's and frappe-ui's generics.")

    def add_arguments(self, parser):
        parser.add_argument("--ts", metavar="FILE", help="Write to this .ts file instead of standard output.")

    def handle(self, *args, ts=None, **options):
        try:
            # Here: Django REST framework and drf-spectacular are optional.
            from ...api.docs import generate_schema
            from ...api.schema import api_prefix
            from ...api.typescript import typescript
        except ImportError as exc:
            raise CommandError(f"The API types need djangorestframework and drf-spectacular: {exc}") from None
        text = typescript(generate_schema(), api_prefix())
        if ts:
            with open(ts, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"Wrote the API's TypeScript types to {ts}")
        else:
            self.stdout.write(text)
