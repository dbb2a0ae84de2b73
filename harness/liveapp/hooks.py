"""The probe app's scheduled event: every minute, and made due at once by ``api.make_due``."""

scheduler_events = {"cron": {"* * * * *": ["harness.liveapp.api.scheduled_probe"]}}
