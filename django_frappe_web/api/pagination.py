"""Frappe's paging: ``limit_start`` / ``limit_page_length`` (v1), ``start`` / ``limit`` (v2).

A page is at most ``FRAPPE_WEB["API_MAX_PAGE_LENGTH"]`` rows. Asking for more, or
asking for all rows (``0``) when more than that match, is a 417 telling the client
to paginate -- never a silently shortened answer. No ``COUNT`` query is made: v2
fetches one row more than the page to say whether there is a next page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from ..exceptions import InvalidQueryError
from ..filters import parse_limit
from ..query import PreparedQuery
from ..settings import web_settings


def _given(args: Mapping[str, Any], *names: str) -> tuple[str, Any]:
    """The first of ``names`` present in ``args`` with a non-blank value, and that value (blank = not given, as in Frappe)."""
    for name in names:
        value = args.get(name)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return name, value
    return names[-1], None


class FrappePagination(BasePagination):
    """v1 (``/api/resource``, ``frappe.client.get_list``): ``{"data": rows}``."""

    start_params: tuple[str, ...] = ("limit_start", "start")
    length_params: tuple[str, ...] = ("limit", "page_length", "limit_page_length")

    def __init__(self) -> None:
        self.start = 0
        self.length = 0
        self.all_rows = False

    @property
    def max_length(self) -> int:
        return web_settings.API_MAX_PAGE_LENGTH

    def set_window(self, args: Mapping[str, Any]) -> None:
        """Read and check the start and page length in ``args`` (Frappe's arguments)."""
        start_name, start = _given(args, *self.start_params)
        self.start = parse_limit(start, start_name) or 0
        length_name, length = _given(args, *self.length_params)
        length = parse_limit(length, length_name)
        if length is None:
            length = web_settings.API_PAGE_LENGTH
        if length > self.max_length:
            raise InvalidQueryError(
                _("{length_name} {length} is more than the {max_length} rows a page may have: paginate with {start} "
                  "and {length_name}").format(
                    length_name=length_name, length=length, max_length=self.max_length, start=self.start_params[0])
            )
        self.all_rows = length == 0
        self.length = self.max_length if self.all_rows else length

    def fetch(self, prepared: PreparedQuery, args: Mapping[str, Any], *, as_list: bool = False) -> list:
        """One page of ``prepared``'s rows (one query)."""
        self.set_window(args)
        rows = prepared.fetch(self.start, self.length + 1 if self.all_rows else self.length, as_list=as_list)
        if self.all_rows and len(rows) > self.max_length:
            raise InvalidQueryError(
                _("More than {max_length} rows match: paginate with {start} and {length} (at most {max_length} a "
                  "page)").format(
                    max_length=self.max_length, start=self.start_params[0], length=self.length_params[-1])
            )
        return rows

    def get_paginated_response(self, data: list) -> Response:
        return Response({"data": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {"type": "object", "properties": {"data": schema}, "required": ["data"]}

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            _integer_parameter(self.start_params[0], "Index of the first row (default 0)."),
            _integer_parameter(self.length_params[-1], f"Rows per page (default {web_settings.API_PAGE_LENGTH}); "
                               f"0 returns every row, up to {self.max_length}, above which the answer is a 417."),
            _integer_parameter(self.length_params[0], f"Same as {self.length_params[-1]}; wins when both are given."),
        ]


class FrappeV2Pagination(FrappePagination):
    """v2 (``/api/v2/document``): ``{"data": rows, "has_next_page": bool}``, from one extra row."""

    start_params = ("start",)
    length_params = ("limit",)

    def __init__(self) -> None:
        super().__init__()
        self.has_next_page = False

    def fetch(self, prepared: PreparedQuery, args: Mapping[str, Any], *, as_list: bool = False) -> list:
        self.set_window(args)
        rows = prepared.fetch(self.start, self.length + 1, as_list=as_list)
        self.has_next_page = len(rows) > self.length
        if self.all_rows and self.has_next_page:
            raise InvalidQueryError(
                _("More than {max_length} rows match: paginate with start and limit (at most {max_length} a "
                  "page)").format(
                    max_length=self.max_length)
            )
        return rows[: self.length]

    def get_paginated_response(self, data: list) -> Response:
        return Response({"data": data, "has_next_page": self.has_next_page})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "properties": {"data": schema, "has_next_page": {"type": "boolean"}},
            "required": ["data", "has_next_page"],
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            _integer_parameter("start", "Index of the first row (default 0)."),
            _integer_parameter("limit", f"Rows per page (default {web_settings.API_PAGE_LENGTH}); 0 returns every row, "
                               f"up to {self.max_length}, above which the answer is a 417."),
        ]


def _integer_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "integer", "minimum": 0}}
