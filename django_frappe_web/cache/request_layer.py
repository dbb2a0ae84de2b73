"""The per-request layer of ``frappe.cache`` (Frappe's ``frappe.local.cache``).

Values and hash fields read or written during a request are kept in
``frappe.local.request_cache`` so repeated reads cost nothing; the layer dies with the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..local import get_local

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

    def forget(self, full_keys: Iterable[str]) -> None:
        for full in full_keys:
            self.values.pop(full, None)
            self.hashes.pop(full, None)

    def forget_prefix(self, prefix: str) -> None:
        self.forget([k for part in (self.values, self.hashes) for k in part if k.startswith(prefix)])
