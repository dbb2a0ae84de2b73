"""Whitelisted functions for the whitelist and background-job tests."""

from django_frappe_web import frappe

calls: list = []


@frappe.whitelist(allow_guest=True)
def ping_guest(value=None):
    return {"value": value}


@frappe.whitelist(methods=["POST"])
def post_only():
    return "ok"


@frappe.whitelist
def bare():
    return "bare"


def not_whitelisted():
    return "secret"


def record_user(label):
    calls.append((label, frappe.session.user))
    return frappe.session.user


def replaced(func):
    """Exposes another function in its place, without ``functools.wraps``: not the whitelisted one."""
    return lambda: "not whitelisted"


@replaced
@frappe.whitelist(allow_guest=True)
def swapped():
    return "whitelisted"
