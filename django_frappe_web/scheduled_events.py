"""What apps' ``scheduler_events`` hooks declare, and when each event is due (pure: no database).

An app's ``hooks.py`` declares, as in Frappe::

    scheduler_events = {
        "all": ["myapp.tasks.every_tick"],            # every SCHEDULER_INTERVAL (4 minutes by default)
        "hourly": ["myapp.tasks.hourly"],             # at minute 0 of every hour
        "daily_long": ["myapp.tasks.rebuild_index"],  # at midnight, on the "long" queue
        "cron": {"*/15 9-17 * * 1-5": ["myapp.tasks.sync"]},
    }

Each (method, frequency, cron string) is one event. Its next run is the first time the cron
string matches after its last enqueue (or after the event was first recorded): one due time at
a time, so an event missed for hours while no scheduler ran is due once, not once per period.
Times are in the site's ``TIME_ZONE`` when ``USE_TZ`` is on, as a cron user would read them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from croniter import croniter

# Hook key -> Frappe's frequency name (stored on the row and shown in lists).
FREQUENCIES = {
    "all": "All",
    "hourly": "Hourly",
    "hourly_long": "Hourly Long",
    "daily": "Daily",
    "daily_long": "Daily Long",
    "weekly": "Weekly",
    "weekly_long": "Weekly Long",
    "monthly": "Monthly",
    "monthly_long": "Monthly Long",
    "cron": "Cron",
}

# Frappe's schedules: the hour's start, midnight, Sunday's midnight, the month's first midnight.
FREQUENCY_CRONS = {
    "Hourly": "0 * * * *",
    "Daily": "0 0 * * *",
    "Weekly": "0 0 * * 0",
    "Monthly": "0 0 1 * *",
}

LONG_QUEUE = "long"
DEFAULT_QUEUE = "default"


class ScheduledEvent(NamedTuple):
    """One event of an app's ``scheduler_events``: ``cron_format`` is set only for ``cron`` events."""

    app: str
    method: str
    frequency: str
    cron_format: str = ""


class SchedulerEventsError(ValueError):
    """A ``scheduler_events`` hook that cannot be scheduled: an unknown key, a bad cron string, no method."""


def queue_for(frequency: str) -> str:
    """``long`` for the ``_long`` frequencies, ``default`` for the others (Frappe's queues)."""
    return LONG_QUEUE if frequency.endswith(" Long") else DEFAULT_QUEUE


def all_cron(interval_seconds: int) -> str:
    """The cron string of the ``all`` frequency: every ``interval_seconds``, in whole minutes (at least one)."""
    minutes = max(1, int(interval_seconds) // 60)
    return "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"


def cron_for(frequency: str, cron_format: str = "", interval_seconds: int = 240) -> str:
    """The cron string an event runs on: its own for ``Cron``, its frequency's otherwise."""
    if frequency == "Cron":
        return cron_format
    if frequency == "All":
        return all_cron(interval_seconds)
    return FREQUENCY_CRONS[frequency.removesuffix(" Long")]


def next_run(cron: str, after: datetime) -> datetime:
    """The first time after ``after`` that ``cron`` matches (aware if ``after`` is)."""
    return croniter(cron, after).get_next(datetime)


def is_valid_cron(cron: str) -> bool:
    return isinstance(cron, str) and croniter.is_valid(cron)


def read_scheduler_events(declared: list[tuple[str, dict[str, Any]]]) -> list[ScheduledEvent]:
    """Every event of ``[(app, scheduler_events), ...]``, once each, in declaration order.

    Raises :class:`SchedulerEventsError` naming the app and key of the first mistake, so a
    typo in a hooks file stops the scheduler at start rather than silently never running.
    """
    events: dict[tuple[str, str, str], ScheduledEvent] = {}
    for app, mapping in declared:
        for key, value in mapping.items():
            frequency = FREQUENCIES.get(key)
            if frequency is None:
                raise SchedulerEventsError(
                    f"{app}.hooks.scheduler_events: unknown key {key!r} (expected one of {', '.join(FREQUENCIES)})")
            if frequency == "Cron":
                if not isinstance(value, dict):
                    raise SchedulerEventsError(f"{app}.hooks.scheduler_events['cron'] must map cron strings to lists")
                for cron, methods in value.items():
                    if not is_valid_cron(cron):
                        raise SchedulerEventsError(f"{app}.hooks.scheduler_events['cron']: invalid cron string {cron!r}")
                    for method in _methods(app, f"cron {cron!r}", methods):
                        events.setdefault((method, frequency, cron), ScheduledEvent(app, method, frequency, cron))
            else:
                for method in _methods(app, key, value):
                    events.setdefault((method, frequency, ""), ScheduledEvent(app, method, frequency))
    return list(events.values())


def _methods(app: str, key: str, value: Any) -> list[str]:
    methods = [value] if isinstance(value, str) else value
    if not isinstance(methods, (list, tuple)) or not all(isinstance(m, str) and "." in m for m in methods):
        raise SchedulerEventsError(f"{app}.hooks.scheduler_events[{key}]: expected a list of dotted paths")
    return list(methods)
