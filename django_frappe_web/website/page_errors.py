"""``PageError``: a refusal shown as the message page, with its own status and message.

The router shows a ``DoesNotExistError`` as the plain 404 page, which is right for a
path that names nothing. List and print pages know more ("Article 'x' not found",
"Print Format 'y' is disabled"), so they raise this instead: as any ``FrappeError`` it
becomes ``frappe_web/message.html`` (JSON for API-style requests) with the message
escaped, and it is never cached.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import FrappeError


class PageError(FrappeError):
    def __init__(self, message: str, http_status_code: int = 404, title: str | None = None):
        super().__init__(message, title=title)
        self.http_status_code = http_status_code


def shown(value: Any) -> str:
    """A value from the request for a message, cut to 80 characters (the page escapes it)."""
    text = str(value)
    return text if len(text) <= 80 else f"{text[:80]}…"
