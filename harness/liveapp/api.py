"""Whitelisted probes at ``/api/method/harness.liveapp.api.<name>``: each answers with the server's pid."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from django.utils import timezone

from django_frappe_web import frappe
from django_frappe_web.models import WebForm

HASH = "live-hash"


@frappe.whitelist()
def cache_write(key: str, value: str, field: str | None = None) -> dict:
    """``frappe.cache.set_value(key, value)`` and, with ``field``, ``hset(HASH, field, value)``."""
    frappe.cache.set_value(key, value)
    if field:
        frappe.cache.hset(HASH, field, value)
    return {"pid": os.getpid()}


@frappe.whitelist()
def cache_read(key: str, field: str | None = None) -> dict:
    return {"pid": os.getpid(), "value": frappe.cache.get_value(key),
            "hash": frappe.cache.hget(HASH, field) if field else None,
            "hash_all": frappe.cache.hgetall(HASH)}


@frappe.whitelist(allow_guest=True)
@frappe.rate_limit(limit=3, seconds=60)
def limited() -> dict:
    """Three calls a minute per client address, on every server together."""
    return {"pid": os.getpid()}


@frappe.whitelist(methods=["POST"])
def publish_web_form(route: str, published: str) -> dict:
    """Save a web form's ``published`` through the ORM in this process (``WebForm`` is no API doctype)."""
    if not frappe.get_user().user.is_superuser:
        raise frappe.PermissionError("superusers only")
    form = WebForm.objects.get(route=route)
    form.published = frappe.sbool(published)
    form.save()
    return {"pid": os.getpid(), "published": form.published}


@frappe.whitelist(methods=["POST"])
def enqueue_probe(label: str) -> dict:
    """Enqueue :func:`probe_job` as the caller; the job runs on a worker."""
    frappe.enqueue("harness.liveapp.api.probe_job", label=label)
    return {"pid": os.getpid()}


def probe_job(label: str) -> None:
    """Record, in the shared cache, who the job ran as and in which process."""
    frappe.cache.set_value(f"job:{label}", {"user": frappe.session.user, "pid": os.getpid()})


def scheduled_probe() -> None:
    """The scheduled event (hooks.py): records who ran it, where and when."""
    frappe.cache.set_value("scheduled-probe", {"user": frappe.session.user, "pid": os.getpid(), "at": time.time()})


@frappe.whitelist(methods=["POST"])
def make_due(method: str = "harness.liveapp.api.scheduled_probe") -> dict:
    """Move a scheduled event's last enqueue two minutes back, so the scheduler's next tick finds it due."""
    from django_frappe_web.models import ScheduledJobType  # only with the scheduler's models

    if not frappe.get_user().user.is_superuser:
        raise frappe.PermissionError("superusers only")
    moved = ScheduledJobType.objects.filter(method=method).update(
        last_enqueued=timezone.now() - timedelta(minutes=2))
    return {"pid": os.getpid(), "moved": moved}
