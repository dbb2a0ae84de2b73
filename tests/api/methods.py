"""Whitelisted functions for the /api/method tests (registered when this module is imported)."""

import functools

from django.http import HttpResponse

from django_frappe_web import frappe
from tests.testapp.models import Category


@frappe.whitelist(allow_guest=True)
def echo(a, b=2):
    return {"a": a, "b": b}


@frappe.whitelist()
def takes_anything(**kwargs):
    return sorted(kwargs)


@frappe.whitelist(allow_guest=True)
def accepted():
    frappe.response["http_status_code"] = 201
    frappe.response["extra"] = {"kept": True}
    return "created"


@frappe.whitelist(allow_guest=True)
def nothing():
    return None


@frappe.whitelist(allow_guest=True)
def empty_list():
    return []


@frappe.whitelist(allow_guest=True)
def chatty():
    frappe.msgprint("Saved!", indicator="green")
    return "ok"


@frappe.whitelist(allow_guest=True)
def refuses():
    frappe.msgprint("first a note")
    frappe.throw("Title is required", title="Missing")


@frappe.whitelist(allow_guest=True)
def breaks():
    raise RuntimeError("database password is hunter2")


@frappe.whitelist(allow_guest=True)
def raw():
    return HttpResponse("plain", content_type="text/plain")


@frappe.whitelist(allow_guest=True, methods=["PUT"])
def put_only():
    return frappe.request.method


@frappe.whitelist()
def whoami():
    return frappe.session.user


@frappe.whitelist(allow_guest=True)
@frappe.rate_limit(limit=2, seconds=60)
def limited():
    return "ok"


@frappe.whitelist(allow_guest=True)
def download():
    frappe.response.update(type="download", filename="report 1.txt", filecontent=b"hello")


@frappe.whitelist(allow_guest=True)
def go_elsewhere():
    frappe.response.update(type="redirect", location="/elsewhere")


@frappe.whitelist(allow_guest=True)
def redirects():
    frappe.redirect("/login", 307)


@frappe.whitelist(allow_guest=True, methods=["POST", "GET"])
def half_done(fail="1"):
    """Writes a row, then refuses (``fail=1``): Frappe rolls the whole call back."""
    Category.objects.create(name="Half done")
    if fail == "1":
        frappe.throw("Refused after a write")
    return "kept"


def shout(func):
    """A decorator stacked above ``@frappe.whitelist``: what it adds must run."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return str(func(*args, **kwargs)).upper()

    return wrapper


def staff_only(func):
    """A permission decorator above ``@frappe.whitelist``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not frappe.get_local().user.is_staff:
            raise frappe.PermissionError("Staff only")
        return func(*args, **kwargs)

    return wrapper


@shout
@frappe.whitelist(allow_guest=True)
def whispers(word="quiet"):
    return word


@frappe.rate_limit(limit=1, seconds=60)
@frappe.whitelist(allow_guest=True)
def limited_outside():
    return "ok"


@staff_only
@frappe.whitelist(allow_guest=True)
def staff_secret():
    return "secret"


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"], changes_state=True)
def toggles():
    """Writes on GET too (declared with ``changes_state``): another site may not make a browser call it."""
    Category.objects.create(name="Toggled")
    return "toggled"
