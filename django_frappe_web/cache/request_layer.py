"""The per-request layer of ``frappe.cache`` (Frappe's ``frappe.local.cache``).

Values and hash fields read or written during a request are kept in
``frappe.local.request_cache`` so repeated reads cost nothing; the layer dies with the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..local import get_local
from .base import MISSING

__all__ = ["RequestLayer"]


class RequestLayer:
    """One :class:`FrappeCache`'s values and hash fields for the current request, by full key."""

    __slots__ = ("hashes", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.hashes: dict[str, dict[str, Any]] = {}

    @classmethod
    def current(cls, owner: object) -> RequestLayer | None:
        """``owner``'s layer in this request, or ``None`` outside one (see ``Local.in_request``)."""
        local = get_local()
        if not local.in_request:
            return None
        store = local.request_cache
        layer = store.get(owner)
        if layer is None:
            layer = store[owner] = cls()
        return layer

    def field(self, full: str, field: str) -> Any:
        """Field ``field`` of hash ``full`` as this request knows it, or ``MISSING``."""
        fields = self.hashes.get(full)
        return MISSING if fields is None else fields.get(field, MISSING)

    def remember_field(self, full: str, field: str, value: Any) -> None:
        self.hashes.setdefault(full, {})[field] = value

    def forget_fields(self, full: str, fields: Iterable[str]) -> None:
        known = self.hashes.get(full)
        if known is not None:
            for field in fields:
                known.pop(field, None)

    def forget(self, full_keys: Iterable[str]) -> None:
        for full in full_keys:
            self.values.pop(full, None)
            self.hashes.pop(full, None)

    def forget_prefix(self, prefix: str) -> None:
        self.forget([k for part in (self.values, self.hashes) for k in part if k.startswith(prefix)])
