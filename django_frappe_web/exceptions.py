"""Frappe's exception classes, each carrying the HTTP status it maps to."""

from __future__ import annotations


class FrappeError(Exception):
    """Base of every exception this package raises on purpose."""

    http_status_code = 500

    def __init__(self, *args, title: str | None = None):
        super().__init__(*args)
        self.title = title

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ValidationError(FrappeError):
    http_status_code = 417


class DoesNotExistError(ValidationError):
    http_status_code = 404


class PermissionError(FrappeError):  # noqa: A001 - Frappe's name, on purpose
    http_status_code = 403


class AuthenticationError(FrappeError):
    http_status_code = 401


class SessionExpired(AuthenticationError):
    """A session cookie whose session no longer logs anyone in (expired, logged out elsewhere).

    On ``/api`` a request refused for want of a user answers this (401, ``session_expired: 1``)
    instead of the guest's 403, so a front end knows to log in again (docs/decisions.md).
    """


class DuplicateEntryError(FrappeError):
    http_status_code = 409


class CSRFTokenError(FrappeError):
    http_status_code = 400


class RequestEntityTooLargeError(ValidationError):
    """An upload larger than ``FRAPPE_WEB["MAX_FILE_SIZE"]`` (Frappe's ``MaxFileSizeReachedError``)."""

    http_status_code = 413


class TooManyRequestsError(FrappeError):
    http_status_code = 429

    def __init__(self, *args, retry_after: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class DatabaseUnavailableError(FrappeError):
    """The database cannot be reached (see :mod:`django_frappe_web.database_outage`): 503 with ``Retry-After``."""

    http_status_code = 503

    def __init__(self, *args, retry_after: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class PageDoesNotExistError(DoesNotExistError):
    pass


class SessionDataError(TypeError):
    """A value put in ``frappe.session.data`` that the session serializer cannot store.

    A programming error, not bad input: it is not a FrappeError, so it surfaces as a
    server error with its message rather than as a 417 page.
    """


class Redirect(FrappeError):
    """Raised by ``frappe.redirect``; the middleware turns it into a redirect response."""

    http_status_code = 302

    def __init__(self, location: str = "/", http_status_code: int = 302):
        super().__init__(location)
        self.location = location
        self.http_status_code = http_status_code


class DocstatusTransitionError(ValidationError):
    """A document moved between draft (0), submitted (1) and cancelled (2) in a way Frappe refuses."""


class UpdateAfterSubmitError(ValidationError):
    """A field of a submitted document changed that the doctype does not list in ``allow_on_submit``."""


class InvalidQueryError(ValidationError):
    """A field, filter, operator or ordering that is not allowed for the doctype."""


class TimestampMismatchError(ValidationError):
    """A document sent back with a ``modified`` older than the saved one: someone changed it since it was read."""
