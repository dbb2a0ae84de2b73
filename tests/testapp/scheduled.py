"""The test app's scheduled events (hooks.scheduler_events): each leaves a Note saying who ran it."""

from django_frappe_web import frappe

from .models import Note


def _record(name: str) -> str:
    Note.objects.create(title=name, content=frappe.session.user)
    return name


def every_tick():
    return _record("every_tick")


def hourly():
    return _record("hourly")


def hourly_long():
    return _record("hourly_long")


def daily():
    return _record("daily")


def daily_long():
    return _record("daily_long")


def weekly():
    return _record("weekly")


def weekly_long():
    return _record("weekly_long")


def monthly():
    return _record("monthly")


def monthly_long():
    return _record("monthly_long")


def every_five_minutes():
    return _record("every_five_minutes")


def weekday_mornings():
    return _record("weekday_mornings")
