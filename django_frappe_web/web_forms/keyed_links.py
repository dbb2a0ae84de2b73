"""Keyed links (Frappe's Web Form Request): ``/<route>/new?key=<key>``, created by staff in the admin.

The link carries only a random key; the values it fills in live in the
:class:`~django_frappe_web.models.WebFormRequest` row, so nothing in the URL can be changed to
alter them. ``values`` are shown filled in and the visitor may change them; ``hidden_values``
are written by the server over whatever is posted (a field of them the form shows is shown
read-only). A link has an optional expiry and is by default single use: it is marked used in
the transaction that saves the response, under a lock, so a double click saves one response.
It does not replace a login: a form that needs one still does.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import WebFormRequest
from ..website.page_errors import PageError
from .fields import form_fields_of

KEY_FIELD = "_web_form_key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what new_key makes (URL-safe base64)


def new_key() -> str:
    return secrets.token_urlsafe(32)


def get_request(web_form: Any, key: Any, lock: bool = False) -> WebFormRequest:
    """The usable request of ``web_form`` with ``key``: unknown keys are 404, expired or used ones 410."""
    invalid = PageError(_("This link is not valid: check that it was copied whole."), 404, title=_("Invalid link"))
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):  # a NUL would reach PostgreSQL: a 500
        raise invalid
    rows = WebFormRequest.objects.filter(web_form=web_form, key=key)
    request = (rows.select_for_update() if lock else rows).first()
    if request is None:
        raise invalid
    if request.single_use and request.used_at is not None:
        raise PageError(_("This link has been used already."), 410, title=_("Link used"))
    if request.expires_at is not None and request.expires_at <= timezone.now():
        raise PageError(_("This link has expired."), 410, title=_("Link expired"))
    return request


def mark_used(web_form: Any, key: str) -> Any:
    """A callback for ``save_response``: re-check the link under a lock and mark it used."""
    def mark(doc: Any) -> None:
        request = get_request(web_form, key, lock=True)
        request.used_at, request.response_name = timezone.now(), str(doc.name)[:255]
        request.save(update_fields=["used_at", "response_name"])
    return mark


def value_problems(doctype: Any, visible: set[str], values: Any, hidden: bool) -> list[str]:
    """Why a request's values cannot work (for the admin)."""
    if not isinstance(values, dict):
        return ["Write the values as a JSON object, like {\"country\": \"DE\"}."]
    usable, problems = form_fields_of(doctype), []
    for name, value in values.items():
        model_field = usable.get(name)
        if model_field is None or (not hidden and name not in visible):
            where = "a field of the form" if not hidden else f"a field of {doctype.name} a visitor may fill"
            problems.append(f"“{name}” is not {where}.")
        elif isinstance(value, (dict, list)):
            problems.append(f"“{name}” must be a plain value.")
        elif isinstance(value, str) and "\x00" in value:  # PostgreSQL's jsonb cannot store one
            problems.append(f"“{name}”: Null characters are not allowed.")
        elif not model_field.is_relation:
            try:
                model_field.clean(model_field.to_python(value), None)
            except Exception as exc:  # noqa: BLE001 - Django's ValidationError, or a type error from to_python
                problems.append(f"“{name}”: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
    return problems
