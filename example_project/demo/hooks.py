"""The demo app's Frappe-style hooks: its scheduled jobs (docs/scheduler.md).

``manage.py run_scheduler`` enqueues them when due; ``manage.py list_scheduled_jobs`` and the
admin's "Scheduled job types" show each one's last and next run.
"""

scheduler_events = {
    # Every five minutes: a line in the log of whatever runs the job (the worker, or the
    # scheduler itself with Django's immediate backend), and the admin's "last execution".
    "cron": {"*/5 * * * *": ["demo.tasks.log_site_stats"]},
    # Every midnight: the housekeeping a real site does, on Frappe's "long" queue if it has one.
    "daily": ["demo.tasks.delete_old_feedback"],
}
