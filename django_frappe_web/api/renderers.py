"""JSON as Frappe writes it: dates as ``YYYY-MM-DD HH:MM:SS``, decimals as numbers, documents as dicts."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

from ..doctypes import get_doctype_for_model
from ..document import Document


def frappe_json_default(obj: Any) -> Any:
    """Frappe's ``json_handler``: what ``json.dumps`` cannot encode by itself."""
    if isinstance(obj, datetime.datetime):
        # Frappe stores naive datetimes in the site's time zone and sends them with a space.
        if timezone.is_aware(obj):
            obj = timezone.make_naive(obj)
        return str(obj)
    if isinstance(obj, (datetime.date, datetime.time)):
        return str(obj)
    if isinstance(obj, datetime.timedelta):
        return str(obj)
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, Document):
        return obj.as_dict()
    if isinstance(obj, models.Model):
        doctype = get_doctype_for_model(type(obj))
        return Document(doctype, obj).as_dict() if doctype else str(obj)
    if isinstance(obj, (bytes, bytearray)):
        return obj.decode("utf-8", "replace")
    if isinstance(obj, Iterable):
        return list(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


class FrappeJSONEncoder(json.JSONEncoder):
    def default(self, obj: Any) -> Any:
        return frappe_json_default(obj)


class FrappeJSONRenderer(JSONRenderer):
    """Compact UTF-8 JSON with Frappe's encodings; the only renderer of the API (Frappe answers JSON to everyone)."""

    encoder_class = FrappeJSONEncoder
    ensure_ascii = False


class FrappeContentNegotiation(BaseContentNegotiation):
    """Always JSON, whatever ``Accept`` says: a Frappe client never negotiates, and a 406 would help nobody."""

    def select_parser(self, request: Any, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: list, format_suffix: str | None = None) -> tuple:
        renderer = renderers[0]
        return renderer, renderer.media_type
