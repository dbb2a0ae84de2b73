"""The test app's scheduled events (hooks.scheduler_events): each leaves a Note saying who ran it."""

from collections.abc import Callable

from django_frappe_web import frappe

from .models import Note


def recorder(name: str) -> Callable[[], str]:
    """A job that writes a Note titled ``name`` with the session's user as its content."""

    def job() -> str:
        Note.objects.create(title=name, content=frappe.session.user)
        return name

    job.__name__ = job.__qualname__ = name
    return job


every_tick = recorder("every_tick")
hourly = recorder("hourly")
hourly_long = recorder("hourly_long")
daily = recorder("daily")
daily_long = recorder("daily_long")
weekly = recorder("weekly")
weekly_long = recorder("weekly_long")
monthly = recorder("monthly")
monthly_long = recorder("monthly_long")
every_five_minutes = recorder("every_five_minutes")
weekday_mornings = recorder("weekday_mornings")
