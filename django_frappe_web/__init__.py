"""Frappe's website layer, request context and REST API for Django.

``from django_frappe_web import frappe`` gives the Frappe-style facade (the
``frappe`` submodule); importing this package itself needs no configured settings.
"""

__version__ = "0.1.0"
