"""Lists from Frappe's arguments: one function for ``/api/resource``, ``/api/v2/document`` and ``frappe.client.get_list``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from ..doctypes import DocType
from ..exceptions import InvalidQueryError
from ..query import DatabaseQuery, PreparedQuery
from ..utils import to_bool
from .pagination import FrappePagination

QUERY_ARGS = ("fields", "filters", "or_filters", "order_by", "group_by")


def build_list_query(doctype: DocType, args: Mapping[str, Any], user: Any = None) -> PreparedQuery:
    """The query for ``fields``, ``filters``, ``or_filters``, ``order_by`` and ``group_by`` in ``args``.

    Permissions apply: rows ``user`` may not read are not there, and a user who may
    read nothing of the doctype gets ``PermissionError``.
    """
    return DatabaseQuery(doctype).build(**{name: args.get(name) or None for name in QUERY_ARGS}, user=user)


def get_count(doctype: DocType, args: Mapping[str, Any], user: Any = None) -> int:
    """How many rows ``user`` may read match ``filters`` and ``or_filters`` in ``args``."""
    return DatabaseQuery(doctype).count(filters=args.get("filters") or None, or_filters=args.get("or_filters") or None,
                                        user=user)


def wants_lists(args: Mapping[str, Any]) -> bool:
    """``as_dict=0`` asks for rows as lists."""
    as_dict = to_bool(args.get("as_dict", True))
    if as_dict in (0, 1):  # also JSON's 0 and 1
        as_dict = bool(as_dict)
    if not isinstance(as_dict, bool):
        raise InvalidQueryError(_("as_dict must be 0 or 1, not {as_dict!r}").format(as_dict=as_dict))
    return not as_dict


def get_list(doctype: DocType, args: Mapping[str, Any], user: Any = None,
             paginator: FrappePagination | None = None) -> list:
    """One page of rows for Frappe's list arguments in ``args``."""
    paginator = paginator or FrappePagination()
    return paginator.fetch(build_list_query(doctype, args, user), args, as_list=wants_lists(args))
