"""``ListPage``: document list pages; a place in the standard chain, rendering nothing until that feature lands."""

from __future__ import annotations

from .base import BaseRenderer


class ListPage(BaseRenderer):
    def can_render(self) -> bool:
        return False
