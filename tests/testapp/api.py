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


# --- background jobs run by real workers (tests/test_job_workers.py) --------------------


def record_user_row(label):
    """A row written by the worker: the Note ``label`` whose content is the job's user."""
    from tests.testapp.models import Note

    Note.objects.create(title=label, content=frappe.session.user)
    return frappe.session.user


def fail_job(label):
    raise ValueError(f"job {label} failed on purpose")


def record_after_gate(label, gate, seconds=30):
    """Record ``label`` once the file ``gate`` is gone (at most ``seconds``): a job that is mid-run on demand."""
    import os
    import time

    deadline = time.monotonic() + seconds
    while os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.05)
    return record_user_row(label)


def sleep_then_record(label, seconds):
    import time

    time.sleep(seconds)
    return record_user_row(label)
