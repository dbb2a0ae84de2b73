"""Frappe's web form routes: ``/<r>``, ``/<r>/new``, ``/<r>/list``, ``/<r>/<name>``, ``/<r>/<name>/edit``.

``/<r>/<name>/delete`` is added for deleting with a confirmation page (Frappe
deletes through a JavaScript call). A path is matched in memory against the published
forms' routes and their translations' own routes (``de/kontakt``: the form in German), read
once per process and version of the web forms and their translations, so a path that is no
form costs no query when warm, and saving or unpublishing a form or saving a translation
(which bump those versions) is seen by every process at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ..exceptions import DoesNotExistError
from ..models import WebForm
from ..web_form_models import WebFormTranslation, route_clash
from ..website.alternates import is_site_language
from ..website.dependencies import current
from ..website.generation import model_topic, route_topic
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
    language: str | None = None  # a translation's own route: the form always in this language

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
    """The published form page at ``path`` (from the memoised table of published forms' routes
    and their translations' own routes)."""
    if not path:
        return None
    versions = current()
    options = candidates(path)
    stamp = versions.stamp(model_topic(WebForm))  # noted: a form published at this path would claim it
    # A translation given one of these routes claims the path: its save bumps that route's topic,
    # so the table's own version need not be noted by every page (as page_translations.py).
    versions.of(*(route_topic(option.route) for option in options))
    stamp += versions.stamp(model_topic(WebFormTranslation), record=False)
    with versions.quietly():
        routes = _routes.get_or_set(stamp, "routes", route_table)
    for option in options:  # the longest route wins
        found = routes.get(option.route)
        if found is not None and (found[1] is None or is_site_language(found[1])):
            return FormRoute(found[0], option.route, option.action, option.name, found[1])
    return None


def route_table() -> dict[str, tuple[int, str | None]]:
    """``{route: (form pk, language)}``: published forms' routes (language ``None``), and their
    translations' own routes in the translation's language."""
    table: dict[str, tuple[int, str | None]] = {
        route: (pk, None) for route, pk in WebForm.objects.filter(published=True).values_list("route", "pk")}
    for route, pk, language in (WebFormTranslation.objects.filter(web_form__published=True).exclude(route=None)
                                .values_list("route", "web_form_id", "language")):
        table.setdefault(route, (pk, language))
    return table


def published_form(**lookup: object) -> Any:
    """The published form matching ``lookup`` (``pk=`` or ``route=``), with its fields; 404 otherwise."""
    web_form = WebForm.objects.filter(published=True, **lookup).prefetch_related("fields").first()
    if web_form is None:
        raise DoesNotExistError(_("Web Form {name!r} not found").format(name=str(lookup.get('route', ''))[:200]))
    return web_form


def conflicting_routes(route: str, exclude_pk: int | None = None) -> list[str]:
    """Other forms' routes (and any form translation's own) equal to ``route`` or nested in it (or
    it in them): their pages would clash."""
    rows = WebForm.objects.filter(route_clash(route))
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    translated = WebFormTranslation.objects.filter(route_clash(route)).values_list("route", flat=True)
    return [*rows.values_list("route", flat=True), *translated]
