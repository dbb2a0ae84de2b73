"""``PrintPage``: print pages; a place in the standard chain, rendering nothing until that feature lands."""

from __future__ import annotations

from .base import BaseRenderer


class PrintPage(BaseRenderer):
    def can_render(self) -> bool:
        return False
