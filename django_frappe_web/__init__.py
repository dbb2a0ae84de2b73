"""Frappe's website layer, request context and REST API for Django.

``from django_frappe_web import frappe`` gives the Frappe-style facade; the
facade module is imported lazily so that importing this package never needs
configured settings.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "frappe":
        from . import frappe

        return frappe
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
