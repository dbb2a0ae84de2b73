"""Frappe's web form routes: ``/<r>``, ``/<r>/new``, ``/<r>/list``, ``/<r>/<name>``, ``/<r>/<name>/edit``.

``/<r>/<name>/delete`` is added for deleting with a confirmation page (Frappe
deletes through a JavaScript call). A path is matched in memory against the published
forms' routes, read once per process and version of the web forms, so a path that is no
form costs no query when warm, and saving or unpublishing a form (which bumps that
version) is seen by every process at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ..exceptions import DoesNotExistError
from ..models import WebForm
from ..website.dependencies import current
from ..website.generation import model_topic
from ..website.memo import VersionedMemo

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


_routes = VersionedMemo(maxsize=1)


def match(path: str) -> FormRoute | None:
    """The published form page at ``path`` (from the memoised table of published forms' routes)."""
    if not path:
        return None
    versions = current()
    stamp = versions.stamp(model_topic(WebForm))  # noted: a form published at this path would claim it
    with versions.quietly():
        routes = _routes.get_or_set(stamp, "routes", lambda: dict(
            WebForm.objects.filter(published=True).values_list("route", "pk")))
    for option in candidates(path):  # the longest route wins
        if option.route in routes:
            return FormRoute(routes[option.route], option.route, option.action, option.name)
    return None


def published_form(**lookup: object) -> Any:
    """The published form matching ``lookup`` (``pk=`` or ``route=``), with its fields; 404 otherwise."""
    web_form = WebForm.objects.filter(published=True, **lookup).prefetch_related("fields").first()
    if web_form is None:
        raise DoesNotExistError(_("Web Form {name!r} not found").format(name=str(lookup.get('route', ''))[:200]))
    return web_form


def conflicting_routes(route: str, exclude_pk: int | None = None) -> list[str]:
    """Other forms' routes equal to ``route`` or nested in it (or it in them): their pages would clash."""
    parents = [route.rsplit("/", depth)[0] for depth in range(1, route.count("/") + 1)]
    clash = Q(route=route) | Q(route__startswith=f"{route}/") | Q(route__in=parents)
    rows = WebForm.objects.filter(clash)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.values_list("route", flat=True))
