"""Frappe's web form routes: ``/<r>``, ``/<r>/new``, ``/<r>/list``, ``/<r>/<name>``, ``/<r>/<name>/edit``.

``/<r>/<name>/delete`` is added for deleting with a confirmation page (Frappe
deletes through a JavaScript call). A path is matched against the published
forms' routes once per route generation and process, so a path that is no form
costs no query when warm, and saving or unpublishing a form (which bumps the
generation) is seen by every process at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..exceptions import DoesNotExistError
from ..models import WebForm
from ..website.generation import GenerationMemo

ACTIONS_AFTER_ROUTE = {"new": "new", "list": "list"}
ACTIONS_AFTER_NAME = ("edit", "delete")


@dataclass(frozen=True)
class FormRoute:
    """What a path asks of which form: ``action`` is index, new, list, view, edit or delete."""

    web_form_id: int
    route: str
    action: str
    name: str | None = None

    def url(self, action: str, name: str | None = None) -> str:
        return form_url(self.route, action, name)


def form_url(route: str, action: str = "index", name: object = None) -> str:
    """The path of one of a form's pages."""
    if action == "index":
        return f"/{route}"
    if action in ACTIONS_AFTER_ROUTE:
        return f"/{route}/{action}"
    base = f"/{route}/{name}"
    return base if action == "view" else f"{base}/{action}"


def candidates(path: str) -> list[FormRoute]:
    """Every (route, action, name) the path could mean, longest route first (id unknown yet)."""
    parts = path.split("/")
    found = [FormRoute(0, path, "index")]
    if len(parts) >= 2:
        route, last = "/".join(parts[:-1]), parts[-1]
        found.append(FormRoute(0, route, ACTIONS_AFTER_ROUTE.get(last, "view"),
                               None if last in ACTIONS_AFTER_ROUTE else last))
    if len(parts) >= 3 and parts[-1] in ACTIONS_AFTER_NAME:
        found.append(FormRoute(0, "/".join(parts[:-2]), parts[-1], parts[-2]))
    return found


_matches = GenerationMemo()


def match(path: str, generation: int) -> FormRoute | None:
    """The published form page at ``path`` (memoised per generation, misses included)."""
    return _matches.get_or_set(generation, path, lambda: _lookup(path))


def _lookup(path: str) -> FormRoute | None:
    if not path:
        return None
    options = candidates(path)
    ids = dict(WebForm.objects.filter(published=True, route__in=[o.route for o in options]).values_list("route", "pk"))
    for option in options:  # the longest route wins
        if option.route in ids:
            return FormRoute(ids[option.route], option.route, option.action, option.name)
    return None


def published_form(**lookup: object) -> Any:
    """The published form matching ``lookup`` (``pk=`` or ``route=``), with its fields; 404 otherwise."""
    web_form = WebForm.objects.filter(published=True, **lookup).prefetch_related("fields").first()
    if web_form is None:
        raise DoesNotExistError(f"Web Form {str(lookup.get('route', ''))[:200]!r} not found")
    return web_form


def conflicting_routes(route: str, exclude_pk: int | None = None) -> list[str]:
    """Other forms' routes equal to ``route`` or nested in it (or it in them): their pages would clash."""
    from django.db.models import Q


    parents = [route.rsplit("/", depth)[0] for depth in range(1, route.count("/") + 1)]
    clash = Q(route=route) | Q(route__startswith=f"{route}/") | Q(route__in=parents)
    rows = WebForm.objects.filter(clash)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.values_list("route", flat=True))
