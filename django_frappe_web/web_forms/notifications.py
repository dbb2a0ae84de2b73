"""Emails about a new response: to the form's ``notify_emails``, and a confirmation to the respondent.

Sent through Django's email backend after the response's transaction commits (a response
that rolls back mails no one); a failing mail server is logged, never the visitor's error.
The respondent's address is the value of the form's ``confirmation_field``, checked again here.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .fields import options_list

# What the success page and the respondent's e-mail say when the form sets no success message.
DEFAULT_SUCCESS_MESSAGE = gettext_lazy("Thank you! Your response has been saved.")

logger = logging.getLogger("django_frappe_web.web_forms")


def addresses(text: str) -> list[str]:
    """The valid addresses of a one-a-line list (``invalid_addresses`` names the others)."""
    return [line for line in options_list(text) if not invalid_addresses(line)]


def invalid_addresses(text: str) -> list[str]:
    bad = []
    for line in options_list(text):
        try:
            validate_email(line)
        except DjangoValidationError:
            bad.append(line)
    return bad


def notify_on_commit(spec: Any, doc: Any) -> None:
    """Mail about the new response ``doc`` once its transaction commits."""
    web_form = spec.web_form
    if options_list(web_form.notify_emails) or web_form.confirmation_field:
        lines = response_lines(spec, doc)
        respondent = str(doc.get(web_form.confirmation_field) or "") if web_form.confirmation_field else ""
        transaction.on_commit(lambda: send_notifications(web_form, lines, respondent))


def response_lines(spec: Any, doc: Any) -> list[str]:
    lines = [f"{field.label}: {_shown(doc.get(field.fieldname))}" for field in spec.visible_fields]
    for table in spec.tables:
        rows = list(getattr(doc.instance, table.fieldname).all())
        lines.append(f"{table.label}: {len(rows)} row(s)")
        lines += [f"  {index}. " + ", ".join(_shown(getattr(row, column)) for column in table.columns)
                  for index, row in enumerate(rows, 1)]
    return lines


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def send_notifications(web_form: Any, lines: list[str], respondent: str) -> None:
    body = "\n".join(lines)
    staff = addresses(web_form.notify_emails)
    if staff:
        _send(_("New response: {title}").format(title=web_form.title),
              _("A new response to {title}:").format(title=web_form.title) + f"\n\n{body}\n", staff)
    if respondent and not invalid_addresses(respondent):
        intro = web_form.success_message or str(DEFAULT_SUCCESS_MESSAGE)
        _send(_("Your response: {title}").format(title=web_form.title),
              f"{intro}\n\n" + _("What you sent:") + f"\n\n{body}\n", [respondent])


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject.replace("\n", " ")[:200], body, None, recipients)
    except Exception:  # a mail server that is down must not turn a saved response into an error
        logger.exception("Web form: could not send %r to %s", subject, ", ".join(recipients))
