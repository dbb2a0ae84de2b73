"""Routes made from titles, for doctypes with ``auto_route_from_title`` (Frappe's website generators).

Frappe's rules: lower-case, whitespace, ``_``, ``:`` and ``/`` become ``-``, other punctuation
is dropped, repeated hyphens collapse, at most 140 characters. A route already used by
another document of the same doctype gets ``-1``, ``-2``... appended.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from ..doctypes import get_doctype_for_model

MAX_SLUG_LENGTH = 140  # Frappe's limit on a page name
_SEPARATORS_RE = re.compile(r"[\s_:/]+")
_DROPPED_RE = re.compile(r"[^\w-]")  # \w is Unicode-aware: accented letters stay, as in Frappe
_HYPHENS_RE = re.compile(r"-{2,}")


def slugify_title(title: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``"Hello, World: Part_2"`` → ``"hello-world-part-2"`` (empty when nothing is left)."""
    slug = _SEPARATORS_RE.sub("-", str(title).lower())
    slug = _HYPHENS_RE.sub("-", _DROPPED_RE.sub("", slug))
    return slug.strip("-")[:max_length].rstrip("-")


def unique_route(queryset: models.QuerySet, route_field: str, base: str, exclude_pk: Any = None) -> str:
    """``base``, or ``base-N`` with the smallest ``N`` no other row of ``queryset`` uses (one query)."""
    others = queryset.filter(**{f"{route_field}__startswith": base})
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list(route_field, flat=True))
    if base not in taken:
        return base
    suffix = 1
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def fill_route_from_title(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """``pre_save``: give a document with an empty route one made from its title.

    Only for doctypes that ask (``auto_route_from_title``); the option is read at save
    time, so re-registering a doctype takes effect without reconnecting the signal.
    Fixtures (``raw``) are saved exactly as written.
    """
    doctype = get_doctype_for_model(sender)
    if raw or doctype is None or not (doctype.auto_route_from_title and doctype.route_field):
        return
    if getattr(instance, doctype.route_field, None):
        return
    field = doctype.opts.get_field(doctype.route_field)
    # Room for a "-N" suffix inside the column.
    limit = min(MAX_SLUG_LENGTH, (field.max_length or MAX_SLUG_LENGTH) - 6)
    base = slugify_title(getattr(instance, doctype.title_field, "") or "", limit)
    if base:
        route = unique_route(doctype.get_queryset(), doctype.route_field, base, instance.pk)
        setattr(instance, doctype.route_field, route)
