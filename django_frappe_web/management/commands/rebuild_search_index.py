"""``manage.py rebuild_search_index [--doctype D ...]``: index the published web-view documents anew."""

from django.core.management.base import BaseCommand, CommandError

from ...doctypes import site
from ...exceptions import DoesNotExistError
from ...website import fulltext, search_index
from ...website.documents import web_view_doctypes


class Command(BaseCommand):
    help = ("Rebuild the full-text site search index (PostgreSQL) of every web-view doctype, or of the "
            "ones named; needed after writes that send no signal (QuerySet.update, bulk_create, raw SQL).")

    def add_arguments(self, parser):
        parser.add_argument("--doctype", action="append", default=[], metavar="DOCTYPE",
                            help="Only this doctype (its name, e.g. 'Web Page'); repeat for more.")
        parser.add_argument("--chunk-size", type=int, default=search_index.CHUNK,
                            help=f"Documents read and written at a time (default {search_index.CHUNK}).")

    def handle(self, *args, doctype=(), chunk_size=search_index.CHUNK, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        doctypes = [self.web_view_doctype(name) for name in doctype] or web_view_doctypes()
        if not fulltext.enabled():
            self.stdout.write("Full-text search is not in use (it needs PostgreSQL and SEARCH_FULL_TEXT): "
                              "the LIKE search reads the documents themselves, there is no index to build.")
            return
        total = 0
        for current in doctypes:
            count = search_index.rebuild(current, chunk_size)
            total += count
            self.stdout.write(f"{current.name}: {count} documents indexed")
        if not doctype:  # a full rebuild also forgets doctypes that are no longer searched
            gone = search_index.clear_except([d.name for d in doctypes])
            if gone:
                self.stdout.write(f"{gone} entries of doctypes no longer searched removed")
        self.stdout.write(f"{total} documents indexed in {len(doctypes)} doctypes.")

    @staticmethod
    def web_view_doctype(name):
        try:
            found = site.get(name)
        except DoesNotExistError:
            raise CommandError(f"No doctype {name!r}.") from None
        if found not in web_view_doctypes():
            raise CommandError(f"{name!r} has no web view with a route: its documents are not searched.")
        return found
