"""Small helpers shared across the package."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class _dict(dict):
    """A dict with attribute access; a missing attribute reads ``None`` (Frappe's ``frappe._dict``)."""

    __slots__ = ()

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__") and key.endswith("__"):
            raise AttributeError(key)
        return self.get(key)

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        self.pop(key, None)

    def __getstate__(self) -> dict:
        return dict(self)

    def __setstate__(self, state: dict) -> None:
        self.update(state)

    def copy(self) -> _dict:
        return _dict(self)


def cint(value: Any, default: int = 0) -> int:
    """``int()`` that never raises: Frappe's ``cint`` for query and form values."""
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return default


def is_ascii_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits only: ``str.isdigit()`` also takes "²" or "١", which
    ``int()`` refuses (a 500 where a clear error was meant)."""
    return text.isascii() and text.isdigit()


TRUE_STRINGS = frozenset({"1", "true", "yes", "on"})
FALSE_STRINGS = frozenset({"", "0", "false", "no", "off"})


def to_bool(value: Any, true: Collection[str] = TRUE_STRINGS, false: Collection[str] = FALSE_STRINGS) -> bool | Any:
    """True or False for a string in ``true`` or ``false`` (case and surrounding spaces ignored);
    any other value comes back unchanged for the caller to judge. The package's one string-to-bool."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in true:
            return True
        if lowered in false:
            return False
    return value


sbool = to_bool  # Frappe's name (``frappe.sbool``) for query parameters: "1", "true", "0"...


def to_flag(value: Any) -> bool:
    """A flag sent by a client: :func:`to_bool`, and any other value by its truthiness."""
    flag = to_bool(value)
    return flag if isinstance(flag, bool) else bool(flag)


class ProcessSingleton(Generic[T]):
    """A process-wide object built on first use by ``factory``, thread-safely, and resettable.

    For objects derived from settings (``frappe.cache``, the www index): ``reset()`` when
    the settings change and the next ``get()`` builds a fresh one.
    """

    def __init__(self, factory: Callable[[], T]):
        self._factory = factory
        self._instance: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        instance = self._instance
        if instance is None:
            with self._lock:
                if self._instance is None:
                    self._instance = self._factory()
                instance = self._instance
        return instance

    def reset(self) -> None:
        with self._lock:
            self._instance = None


def is_same_host_url(request: Any, url: str | None) -> bool:
    """Whether ``url`` (typed by a visitor, or by staff for one) stays on this site: the one check
    behind every ``redirect-to``/``next``/``success_url``, so none can send users off-site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    return bool(url) and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())


# A cell starting with one of these is a formula to a spreadsheet (CSV injection): exports start
# it with a quote, which spreadsheets show as text and imports of ours take off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def from_spreadsheet_safe(text: str) -> str:
    """A cell as :func:`spreadsheet_safe` wrote it, back as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
