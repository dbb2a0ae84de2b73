"""A DRF router that registers a viewset per doctype of the registry."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rest_framework.routers import Route, SimpleRouter

from ..doctypes import DocType
from .viewsets import viewset_for


class DocTypeRouter(SimpleRouter):
    """``<prefix>/<DocType>`` and ``<prefix>/<DocType>/<name>`` for every doctype, a trailing slash optional.

    Frappe's router ignores trailing slashes; so does this one. Doctype names are
    matched exactly (they may contain spaces, escaped in the pattern).
    """

    # SimpleRouter's routes with two changes: a document's own actions (v2's ``<name>/method/<m>``)
    # are tried before the document (its name may hold "/"), and a POST to a document is v1's
    # ``?run_method=`` (mapped only where the viewset has ``run_method``).
    _list, _list_actions, _detail, _detail_actions = SimpleRouter.routes
    routes = [_list, _list_actions, _detail_actions,
              Route(url=_detail.url, mapping={**_detail.mapping, "post": "run_method"}, name=_detail.name,
                    detail=True, initkwargs=_detail.initkwargs)]

    def __init__(self) -> None:
        super().__init__(trailing_slash=False)
        self.trailing_slash = "/?"

    def register_doctypes(self, doctypes: Iterable[DocType], prefix: str, base: type) -> None:
        for doctype in doctypes:
            slug = re.sub(r"\W+", "-", doctype.name).strip("-").lower()
            self.register(f"{prefix}/{re.escape(doctype.name)}", viewset_for(doctype, base), basename=f"{prefix}-{slug}")
