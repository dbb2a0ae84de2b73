"""Limits and spam: a per-form attachment size, a honeypot field, and a captcha provider's hook.

* ``WebForm.max_attachment_size`` (MB, as Frappe's): an Attach upload over it is an error on
  its field (``MAX_FILE_SIZE`` still caps every upload);
* the honeypot: every form page has a text input people never see (:data:`HONEYPOT_FIELD`);
  a POST that fills it is refused (400) and saves nothing;
* ``FRAPPE_WEB["WEB_FORM_CAPTCHA_VALIDATOR"]``: a dotted path to ``validator(request, web_form)``
  that raises ``django.core.exceptions.ValidationError`` (or this package's) when the captcha
  the provider's widget added to the form (``WEB_FORM_CAPTCHA_TEMPLATE``, included in the
  form) was not solved. Called on every submission of the pages and of ``accept``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ..exceptions import ValidationError
from ..settings import web_settings

HONEYPOT_FIELD = "_web_form_homepage"


def honeypot_filled(posted: Any) -> bool:
    return bool(str(posted.get(HONEYPOT_FIELD, "")).strip())


def check_captcha(request: Any, web_form: Any) -> None:
    """Run the captcha validator, if one is set; its refusal is a 417 with its message."""
    validator = web_settings.WEB_FORM_CAPTCHA_VALIDATOR
    if validator is None:
        return
    try:
        validator(request, web_form)
    except DjangoValidationError as exc:
        raise ValidationError("; ".join(exc.messages) or "The captcha was not solved.", title=_("Captcha")) from None


def attachment_errors(web_form: Any, form: Any) -> dict[str, str]:
    """Attach uploads over the form's ``max_attachment_size``, by field."""
    limit = web_form.max_attachment_size
    if not limit:
        return {}
    return {name: f"The file is too large: at most {limit} MB." for name in form.spec.attach_fieldnames
            if isinstance(form.files.get(name), UploadedFile) and form.files[name].size > limit * 1024 * 1024}
