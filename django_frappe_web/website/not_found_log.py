"""The 404 log: how often each missing path is asked for, so staff can redirect the frequent ones.

Off by default (``FRAPPE_WEB["NOT_FOUND_LOG"]``). When on, one 404 in ``NOT_FOUND_LOG_SAMPLE_RATE``
(0.1: one in ten, at random) is written, counted as ``1 / rate`` visits, so a crawler asking for
thousands of paths costs a write for a tenth of them; at most ``NOT_FOUND_LOG_MAX_ROWS`` paths are
kept (then only the known ones are counted). A failing write is logged, never the visitor's error.
"""

from __future__ import annotations

import logging
import random

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from ..content_models import NotFoundLog
from ..settings import web_settings

logger = logging.getLogger("django_frappe_web.website")
_sampler = random.Random()  # noqa: S311 # nosec B311 - sampling, not security


def record_not_found(request: HttpRequest) -> None:
    if not web_settings.NOT_FOUND_LOG or request.method not in ("GET", "HEAD"):
        return
    rate = min(1.0, max(0.0, float(web_settings.NOT_FOUND_LOG_SAMPLE_RATE)))
    if rate <= 0 or _sampler.random() >= rate:
        return
    path = request.path.strip("/")[:500]
    weight = max(1, round(1 / rate))
    try:
        with transaction.atomic():
            if NotFoundLog.objects.filter(path=path).update(count=F("count") + weight):
                return
            if NotFoundLog.objects.count() < web_settings.NOT_FOUND_LOG_MAX_ROWS:
                NotFoundLog.objects.create(path=path, count=weight)
    except IntegrityError:  # another request created it meanwhile: its count will do
        pass
    except Exception:  # noqa: BLE001 - the 404 page matters more than its statistics
        logger.warning("The 404 log could not be written", exc_info=True)
