"""``manage.py run_scheduler``: enqueue apps' due ``scheduler_events`` (Frappe's ``bench schedule``).

Run one per site under a process manager, or several on several machines for availability: the
database claim in :mod:`django_frappe_web.scheduler` keeps a due event from being enqueued twice.
``--once`` does one tick and exits, for a crontab line or a test.
"""

from __future__ import annotations

import math
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from ...scheduled_events import SchedulerEventsError
from ...scheduler import sync_jobs
from ...scheduler import tick as run_tick  # `tick` is also the option's name
from ...settings import web_settings


class Command(BaseCommand):
    help = "Enqueue the installed apps' scheduler_events when they are due, every tick, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Look for due events once, then exit (for cron-driven set-ups and tests).")
        parser.add_argument("--tick", type=float, default=None,
                            help="Seconds between two looks (default: FRAPPE_WEB['SCHEDULER_TICK'], 60).")

    def handle(self, *args, once: bool = False, tick: float | None = None, **options):
        interval = web_settings.SCHEDULER_TICK if tick is None else tick
        if not 0 < interval < math.inf:  # NaN too: every comparison with it is false
            raise CommandError("--tick must be a positive number of seconds.")
        try:
            jobs = sync_jobs()
        except SchedulerEventsError as exc:
            raise CommandError(str(exc)) from exc
        self._say(f"scheduler: {len(jobs)} scheduled events" + ("" if once else f", a tick every {interval:g} s"))
        stop = threading.Event()
        if not once:  # SIGTERM (a process manager) and Ctrl-C end the loop between two ticks
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        while True:
            run_tick(report=self._say)
            if once or stop.wait(interval):
                break
        self._say("scheduler: stopped")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
