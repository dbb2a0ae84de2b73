"""``manage.py find_orphaned_files [--delete]``: stored files that no ``File`` row points at."""

from django.core.management.base import BaseCommand

from ...files.cleanup import find_orphaned_files
from ...storage import file_storage


class Command(BaseCommand):
    help = ("List stored files (public files/ and the private storage) that no File row points at; "
            "--delete removes them.")

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the orphaned files.")

    def handle(self, *args, **options):
        orphans = find_orphaned_files()
        for name in orphans:
            if options["delete"]:
                file_storage.delete(name)
            self.stdout.write(f"{'deleted' if options['delete'] else 'orphaned'}: {name}")
        verb = "Deleted" if options["delete"] else "Found"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} orphaned file(s)."))
