"""``manage.py api_types --ts F``: TypeScript declarations of the doctypes and whitelisted methods of ``/api``."""

from django.core.management.base import BaseCommand, CommandError

from .api_schema import write_output


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
        write_output(self, typescript(generate_schema(), api_prefix()), ts, "the API's TypeScript types")
