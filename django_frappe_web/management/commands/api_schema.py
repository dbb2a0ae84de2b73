"""``manage.py api_schema [--file PATH] [--format json|yaml]``: the OpenAPI 3 document of ``/api``."""

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Write the OpenAPI 3 schema of the /api endpoints (the document served at /api/schema/)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Write to this file instead of standard output.")
        parser.add_argument("--format", choices=["json", "yaml"], help="Default: from the file name, else yaml.")

    def handle(self, *args, file=None, format=None, **options):
        try:
            from ...api.docs import generate_schema  # here: Django REST framework and drf-spectacular are optional
        except ImportError as exc:
            raise CommandError(f"The API schema needs djangorestframework and drf-spectacular: {exc}") from None
        schema = generate_schema()
        if format is None:
            format = "json" if file and file.endswith(".json") else "yaml"
        if format == "json":
            text = json.dumps(schema, indent=2, ensure_ascii=False)
        else:
            import yaml

            text = yaml.safe_dump(schema, sort_keys=False, allow_unicode=True)
        write_output(self, text, file, "the API schema")


def write_output(command: BaseCommand, text: str, file: str | None, what: str) -> None:
    """``text`` into ``file`` (saying so), else onto the command's standard output."""
    if file:
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
        command.stdout.write(f"Wrote {what} to {file}")
    else:
        command.stdout.write(text)
