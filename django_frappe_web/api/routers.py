"""A DRF router that registers a viewset per doctype of the registry."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rest_framework.routers import Route, SimpleRouter

from ..doctypes import DocType
from .viewsets import viewset_for

# SimpleRouter's routes with two changes: a document's own actions (v2's ``<name>/method/<m>``,
# ``<name>/copy``) are tried before the document (its name may hold "/"), and a POST to a document
# is v1's ``?run_method=`` (mapped only where the viewset has ``run_method``).
_LIST, _LIST_ACTIONS, _DETAIL, _DETAIL_ACTIONS = SimpleRouter.routes
ROUTES = [_LIST, _LIST_ACTIONS, _DETAIL_ACTIONS,
          Route(url=_DETAIL.url, mapping={**_DETAIL.mapping, "post": "run_method"}, name=_DETAIL.name,
                detail=True, initkwargs=_DETAIL.initkwargs)]


class DocTypeRouter(SimpleRouter):
    """``<prefix>/<DocType>`` and ``<prefix>/<DocType>/<name>`` for every doctype, a trailing slash optional.

    Frappe's router ignores trailing slashes; so does this one. Doctype names are
    matched exactly (they may contain spaces, escaped in the pattern).
    """

    routes = ROUTES

    def __init__(self) -> None:
        super().__init__(trailing_slash=False)
        self.trailing_slash = "/?"

    def register_doctypes(self, doctypes: Iterable[DocType], prefix: str, base: type) -> None:
        for doctype in doctypes:
            slug = re.sub(r"\W+", "-", doctype.name).strip("-").lower()
            self.register(f"{prefix}/{re.escape(doctype.name)}", viewset_for(doctype, base), basename=f"{prefix}-{slug}")
