"""The demo's scheduled jobs (listed in ``demo/hooks.py``)."""

import datetime
import logging

from django.utils import timezone

from .models import Article, Feedback

logger = logging.getLogger("demo.tasks")

FEEDBACK_KEPT_DAYS = 365


def log_site_stats() -> str:
    """A one-line summary of the site, logged and returned (the task's result)."""
    line = (f"{Article.objects.filter(published=True).count()} published articles, "
            f"{Feedback.objects.count()} feedback messages")
    logger.warning("site stats at %s: %s", timezone.now().isoformat(timespec="seconds"), line)
    return line


def delete_old_feedback() -> int:
    """Delete feedback older than a year; returns how many rows went."""
    cutoff = timezone.now() - datetime.timedelta(days=FEEDBACK_KEPT_DAYS)
    deleted, _ = Feedback.objects.filter(creation__lt=cutoff).delete()
    return deleted
