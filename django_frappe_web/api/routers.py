"""A DRF router that registers a viewset per doctype of the registry."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rest_framework.routers import SimpleRouter

from ..doctypes import DocType
from .viewsets import viewset_for


class DocTypeRouter(SimpleRouter):
    """``<prefix>/<DocType>`` and ``<prefix>/<DocType>/<name>`` for every doctype, a trailing slash optional.

    Frappe's router ignores trailing slashes; so does this one. Doctype names are
    matched exactly (they may contain spaces, escaped in the pattern).
    """

    def __init__(self) -> None:
        super().__init__(trailing_slash=False)
        self.trailing_slash = "/?"
        # Names may hold "/", so ".../<name>/copy" also matches the detail route: actions are tried first.
        list_route, list_actions, detail_route, detail_actions = self.routes
        self.routes = [list_route, list_actions, detail_actions, detail_route]

    def register_doctypes(self, doctypes: Iterable[DocType], prefix: str, base: type) -> None:
        for doctype in doctypes:
            slug = re.sub(r"\W+", "-", doctype.name).strip("-").lower()
            self.register(f"{prefix}/{re.escape(doctype.name)}", viewset_for(doctype, base), basename=f"{prefix}-{slug}")
