"""Small helpers shared across the package."""

from __future__ import annotations

from typing import Any


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


def sbool(value: Any) -> bool | Any:
    """Frappe's string-to-bool for query parameters (``"1"``, ``"true"``, ``"0"``...)."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "1", "yes", "on"}:
            return True
        if lowered in {"false", "0", "no", "off", ""}:
            return False
    return value
