"""A web form POST's body, read before the form is: or why it cannot be, as the title, message and
status of the page that says so (Django refuses a body too large, with too many fields, or broken)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from ..exceptions import RequestEntityTooLargeError
from ..files.utils import InvalidFileName
from ..files.validation import check_upload_guard, prepare_upload_request


def unreadable_body(request: HttpRequest, has_attachments: bool) -> tuple[str, str, int] | None:
    """``(title, message, status)`` when the body cannot be read (when no middleware parsed it first), else ``None``."""
    if has_attachments:
        prepare_upload_request(request)  # limits files while they stream in, when still possible
    try:
        request.POST  # noqa: B018 - parsing is the point
        check_upload_guard(request)
    except (RequestEntityTooLargeError, InvalidFileName) as exc:
        return _("Invalid file"), str(exc), exc.http_status_code
    except RequestDataTooBig:
        return (_("Submission too large"), _("A submission may have at most {count} bytes.").format(
            count=settings.DATA_UPLOAD_MAX_MEMORY_SIZE), 413)
    except TooManyFieldsSent:
        return (_("Invalid submission"), _("A submission may have at most {count} fields.").format(
            count=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS), 400)
    except MultiPartParserError as exc:
        return _("Invalid submission"), _("The form data could not be read: {error}").format(error=exc), 400
    return None
