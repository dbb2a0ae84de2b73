"""Redirects that manage themselves: when a web-view document (a Web Page included) moves to
another route, a 301 from the old route to the new one is created, in the save's transaction
(Wagtail's redirects do the same on a page move). The old route is the one the row was loaded
with (``post_init``), so a save costs no extra query; a row saved without being loaded (built in
memory with its pk) leaves no redirect. ``FRAPPE_WEB["AUTO_REDIRECT_ON_ROUTE_CHANGE"]``
(default True) turns it off.

So that no chain or loop forms: rules that pointed at the old route now point at the new one
(``a → b`` becomes ``a → c`` when ``b`` moves to ``c``), and a rule *from* the new route is
removed (a page moved back to where it was must not be hidden by its own old redirect).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from ..doctypes import get_doctype_for_model
from ..models import WebsiteRedirect
from ..settings import web_settings

OLD_ROUTE = "_frappe_route_before_save"


def _route_field(sender: type[models.Model]) -> str | None:
    doctype = get_doctype_for_model(sender)
    return doctype.route_field if doctype is not None and doctype.has_web_view else None


def note_old_route(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """``post_init``: remember the route a row was loaded with (no query; a save compares with it)."""
    field = _route_field(sender)
    if field is not None and instance.pk is not None:
        instance.__dict__[OLD_ROUTE] = str(instance.__dict__.get(field) or "").strip("/")


def redirect_old_route(sender: type[models.Model], instance: models.Model, created: bool = False,
                       raw: bool = False, **kwargs: Any) -> None:
    """``post_save``: a 301 from the route the row left to the one it is at now."""
    field = _route_field(sender)
    if field is None:
        return
    old = instance.__dict__.get(OLD_ROUTE, "")
    new = str(getattr(instance, field, "") or "").strip("/")
    instance.__dict__[OLD_ROUTE] = new  # the next save of this instance compares with this route
    if raw or not new or new == old or not web_settings.AUTO_REDIRECT_ON_ROUTE_CHANGE:
        return
    if created or not old:
        # A page now at a route another page moved away from: the redirect from it would hide it.
        WebsiteRedirect.objects.filter(source__in=_spellings(new)).delete()
        return
    move_route(old, new)


def move_route(old: str, new: str) -> WebsiteRedirect:
    """Point ``old`` (and every rule that led to it) at ``new``; drop rules from ``new``."""
    WebsiteRedirect.objects.filter(source__in=_spellings(new)).delete()
    for rule in WebsiteRedirect.objects.filter(target__in=[f"/{old}", old, f"/{old}/"]):
        rule.target = f"/{new}"
        rule.save(update_fields=["target", "modified"])
    rule, _created = WebsiteRedirect.objects.update_or_create(
        source=re.escape(old), defaults={"target": f"/{new}", "redirect_http_status": 301, "enabled": True})
    return rule


def _spellings(route: str) -> list[str]:
    return [route, re.escape(route), f"/{route}", f"^{route}$", f"^/{route}/?$"]
