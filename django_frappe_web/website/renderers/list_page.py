"""``ListPage``: the published documents of a web-view doctype, 20 a page (Frappe's ``www/list``).

Served at ``/<DocType name>`` (``/Article``) and at the doctype's ``list_route``. Query
arguments filter the list: ``?category=News``, Frappe's ``?views=[">", 10]``. A route rule's
arguments (``/kb/<category>``) are route arguments, not the visitor's filters: one that names a
filterable field narrows the list to that value (as Frappe's list does), the others are only in
``frappe.form_dict``; a value the field cannot hold matches nothing -- never a 417. ``txt``
searches the doctype's ``search_fields``; ``page`` (or Frappe's ``limit_start``) pages. Every filter goes through
the query builder, so an unknown or hidden field or a bad value is a 417 page naming it,
never SQL and never another doctype's rows. One query (a page of rows, links joined, plus one
row to know whether there is a next page, as Frappe's web lists do), whatever the number of
documents or fields: the page never counts the whole table. ``pagination.total`` counts on
first use, so only a project template that shows it pays for it (and a page past the end,
whose message gives the number found).

Template: ``<app_label>/<model_name>_list.html`` when the project has one, else
``frappe_web/list.html``.

An ``owner_scoped`` doctype's list is the portal's "my documents" (``/orders`` lists my orders):
a guest is sent to the login page, a user sees only their own documents (the doctype's
``get_list_queryset(user)``), and the page is never cached. The doctype's ``get_list_context``
(Frappe's) may change the ``title``, ``template``, ``row_template`` (included once per row in
place of the table) and add ``filters`` (a dict or ``[field, operator, value]`` lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse, HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...doctypes import DocType
from ...exceptions import ValidationError
from ...filters import parse_limit
from ...json_input import JSONInputError, load_json
from ...local import get_local
from ...query import DatabaseQuery
from ..documents import document_url, list_doctype, list_url, plural_title
from ..feeds import feed_links
from ..page_errors import PageError, shown
from .base import BaseRenderer

PAGE_LENGTH = 20
MAX_SEARCH_LENGTH = 200
# Arguments that steer the page rather than filter it, and ones that links pick up on the way.
CONTROL_ARGS = frozenset({"page", "txt", "limit_start"})
IGNORED_ARGS = frozenset({"csrfmiddlewaretoken", "fbclid", "gclid"})
IGNORED_PREFIXES = ("utm_",)
_PAGE_RE = re.compile(r"\s*[0-9]{1,12}\s*")


@dataclass(frozen=True)
class ListRow:
    """One document in the list: ``fields`` has every fetched column by fieldname."""

    name: Any
    title: str
    url: str
    fields: dict[str, Any]
    columns: list[tuple[str, Any]]


@dataclass(frozen=True)
class Pagination:
    """Where this page sits in the list, with links that keep the other query arguments.

    ``total`` and ``page_count`` are known without a query on the last page; elsewhere they
    count the matching rows when first read (the default template reads neither).
    """

    start: int
    page_length: int
    rows_on_page: int
    previous_url: str | None
    next_url: str | None
    count: Callable[[], int] = field(repr=False, compare=False)

    @property
    def number(self) -> int:
        return self.start // self.page_length + 1

    @cached_property
    def total(self) -> int:
        return self.count() if self.next_url else self.start + self.rows_on_page

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_length))


class ListPage(BaseRenderer):
    def can_render(self) -> bool:
        self.doctype = list_doctype(self.path)
        return self.doctype is not None

    def render(self) -> HttpResponse:
        doctype = self.doctype
        user = self.request.user
        own = None
        if doctype.owner_scoped:
            self.cacheable = False  # per user
            if not user.is_authenticated:
                return HttpResponseRedirect(f"/login?redirect-to={quote(self.request.get_full_path())}")
            own = doctype.get_list_queryset(user)
        changes = doctype.get_list_context({"doctype": doctype, "user": user, "title": plural_title(doctype)}) or {}
        args = get_local().form_dict
        txt = search_text(args.get("txt"))
        by_path = route_filters(doctype, self.route_args)
        visitor_args = {key: value for key, value in args.items() if key not in self.route_args}
        shown_filters = [*user_filters(visitor_args), *(by_path or [])]
        filters = [*shown_filters, *context_filters(changes.get("filters"))]
        or_filters = search_filters(doctype, txt)
        by_offset = args.get("limit_start") not in (None, "")
        start, described = requested_start(args, by_offset)
        query = DatabaseQuery(doctype)

        def count() -> int:
            return query.count(filters=filters, or_filters=or_filters, published_only=True,
                               queryset=own) if by_path is not None else 0

        rows = []
        if by_path is not None:
            # One row more than the page tells whether there is a next page, without a COUNT(*).
            rows = query.build(fields=["name", *list_fieldnames(doctype)], filters=filters, or_filters=or_filters,
                               published_only=True, queryset=own).fetch(start, PAGE_LENGTH + 1)
        if start and not rows:
            total = count()  # only for the message: a page past the end is rare and never cached
            pages = max(1, -(-total // PAGE_LENGTH))
            message = ngettext("{described} is past the end of {doctype}: {total} found, {pages} page.",
                               "{described} is past the end of {doctype}: {total} found, {pages} pages.", pages)
            raise PageError(message.format(described=described, doctype=plural_title(doctype), total=total, pages=pages),
                            title=_("No such page"))
        has_next = len(rows) > PAGE_LENGTH
        rows = rows[:PAGE_LENGTH]
        context = self.get_context(
            title=plural_title(doctype),
            doctype=doctype,
            rows=[make_row(doctype, row) for row in rows],
            columns=[column_label(doctype, f) for f in column_fieldnames(doctype)],
            txt=txt,
            filters=[(f[0], f[2]) for f in shown_filters],
            list_url=list_url(doctype),
            feed_links=feed_links(doctype),
            pagination=self.pagination(start, len(rows), has_next, by_offset, count),
        )
        context.update({key: value for key, value in changes.items() if key not in ("filters", "template")})
        opts = doctype.opts
        templates = [f"{opts.app_label}/{opts.model_name}_list.html", "frappe_web/list.html"]
        return self.render_page([changes["template"], *templates] if changes.get("template") else templates, context)

    def pagination(self, start: int, rows_on_page: int, has_next: bool, by_offset: bool,
                   count: Callable[[], int]) -> Pagination:
        previous_start = max(0, start - PAGE_LENGTH) if start else None
        next_start = start + PAGE_LENGTH if has_next else None
        return Pagination(start, PAGE_LENGTH, rows_on_page, self.page_url(previous_start, by_offset),
                          self.page_url(next_start, by_offset), count)

    def page_url(self, start: int | None, by_offset: bool) -> str | None:
        if start is None:
            return None
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("limit_start", None)
        if by_offset:
            query["limit_start"] = str(start)
        elif start:
            query["page"] = str(start // PAGE_LENGTH + 1)
        encoded = query.urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path


def context_filters(filters: Any) -> list[list]:
    """``get_list_context``'s ``filters``: ``{field: value}`` or ``[field, operator, value]`` lists."""
    if isinstance(filters, dict):
        return [[key, *operator_and_value(value)] if not isinstance(value, (list, tuple)) else [key, *value]
                for key, value in filters.items()]
    return [list(item) for item in filters or []]


def requested_start(args: dict, by_offset: bool) -> tuple[int, str]:
    """The first row asked for (``limit_start``, else ``page``) and how to name it in a message;
    checked before any query, so a malformed argument costs none."""
    if by_offset:
        start = parse_limit(args["limit_start"], "limit_start")
        return start, f"limit_start {start}"
    page = parse_page(args.get("page"))
    return (page - 1) * PAGE_LENGTH, f"Page {page}"


def parse_page(value: Any) -> int:
    """``page`` as a whole number from 1 (missing or empty: 1); anything else is a 417."""
    if value in (None, ""):
        return 1
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = value if isinstance(value, str) else ""
    if not _PAGE_RE.fullmatch(text) or int(text) < 1:
        raise ValidationError(_("page must be a whole number from 1, not '{value}'").format(
            value=shown(value)), title=_("Invalid page"))
    return int(text)


def search_text(value: Any) -> str:
    """The ``txt`` search, stripped; too long is a 417 (it would be a slow, useless LIKE)."""
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_SEARCH_LENGTH:
        raise ValidationError(_("The search text is too long: at most {limit} characters.").format(
            limit=MAX_SEARCH_LENGTH), title=_("Invalid search"))
    return text


def user_filters(args: dict) -> list[list]:
    """``[field, operator, value]`` for every argument that is not a control or tracking one.

    A value may be Frappe's JSON ``[operator, value]``; an empty value (a form's "any")
    is no filter. The fields and values are checked by the query builder.
    """
    filters = []
    for key, value in args.items():
        if key in CONTROL_ARGS or key in IGNORED_ARGS or key.startswith(IGNORED_PREFIXES) or value in (None, ""):
            continue
        filters.append([key, *operator_and_value(value)])
    return filters


def route_filters(doctype: DocType, route_args: dict[str, Any]) -> list[list] | None:
    """A route rule's arguments that name a filterable field, as ``=`` filters (no operators: a
    path segment is a value); ``None`` when one cannot be a value of its field (nothing matches).

    Checked by building (not running) the query, so the rules are the query builder's own.
    """
    filters = []
    for key, value in route_args.items():
        if not isinstance(value, (str, int, float)):
            value = str(value)  # a <uuid:...> capture
        if key in CONTROL_ARGS or not _buildable(doctype, [[key, "is", "set"]]):
            continue  # not a field the list may filter on: a route argument only
        if not _buildable(doctype, [[key, "=", value]]):
            return None
        filters.append([key, "=", value])
    return filters


def _buildable(doctype: DocType, filters: list[list]) -> bool:
    try:
        DatabaseQuery(doctype).build(filters=filters)  # as the list's own query: same user, same fields
    except ValidationError:
        return False
    return True


def operator_and_value(value: Any) -> tuple[Any, Any]:
    """``["like", "x%"]`` as its operator and value; any other text is compared with ``=``."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = load_json(value, "a filter")
        except JSONInputError as exc:
            if not exc.syntax:  # too deep, or text no database takes: refused, never "= value"
                raise ValidationError(exc.message, title=_("Invalid filter")) from None
            return "=", value
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return "=", value


def search_filters(doctype: DocType, txt: str) -> list[list]:
    """``like %txt%`` on each search field, ORed; ``%``, ``_`` and ``\\`` in ``txt`` are literal."""
    if not txt:
        return []
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", txt) + "%"
    return [[field, "like", pattern] for field in doctype.search_fields or []]


def column_fieldnames(doctype: DocType) -> list[str]:
    """The list's columns besides the title: ``list_fields`` (the title is the row's link)."""
    return [f for f in doctype.list_fields or [] if f != doctype.title_field]


def list_fieldnames(doctype: DocType) -> list[str]:
    extra = [doctype.title_field, *([doctype.route_field] if doctype.route_field else [])]
    return list(dict.fromkeys([*extra, *column_fieldnames(doctype)]))


def column_label(doctype: DocType, fieldname: str) -> str:
    field = doctype.get_field(fieldname)
    return capfirst(field.verbose_name) if field is not None else fieldname


def make_row(doctype: DocType, row: dict[str, Any]) -> ListRow:
    route = row.get(doctype.route_field) if doctype.route_field else None
    columns = []
    for fieldname in column_fieldnames(doctype):
        field, value = doctype.get_field(fieldname), row.get(fieldname)
        if field is not None and field.choices and not field.is_relation:
            value = dict(field.flatchoices).get(value, value)
        columns.append((column_label(doctype, fieldname), value))
    return ListRow(
        name=row["name"],
        title=str(row.get(doctype.title_field) or row["name"]),
        url=document_url(doctype, row["name"], route),
        fields=row,
        columns=columns,
    )
