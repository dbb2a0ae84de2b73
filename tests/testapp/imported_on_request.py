"""Imported by nothing: a request naming it must not make the server import it.

Importing it fails, as importing an admin module of an app that is not installed does.
"""

from django.core.exceptions import ImproperlyConfigured

raise ImproperlyConfigured("tests.testapp.imported_on_request was imported")


def anything():
    return "never reached"
