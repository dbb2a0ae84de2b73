"""Viewsets generated per registered doctype: ``/api/resource/<DocType>`` (v1) and ``/api/v2/document/<DocType>``.

:func:`viewset_for` builds one class per doctype and version from the doctype's
options, starting from ``DocType.viewset_class`` when the doctype names one (it
should subclass :class:`ResourceViewSet`). Lists come straight from the query
builder (Frappe's ``fields`` choose the columns, in one query, links joined);
single documents go through the doctype's serializer.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..doctypes import DocType, with_link_names
from ..exceptions import ValidationError
from ..json_input import parse_json
from ..local import get_local
from ..meta import doctype_meta
from ..permissions import no_permission_message
from . import action_schemas, bulk, listing
from .client import delete_document
from .copies import copy_document
from .document_methods import MethodActionMixin, RunMethodMixin
from .exceptions import V2
from .link_expansion import expand_links
from .pagination import FrappePagination, FrappeV2Pagination
from .permissions import request_ptype
from .schema import FrappeAutoSchema
from .serializers import resolve_class, serializer_class_for
from .views import FrappeAPIMixin

# Arguments that carry the request, not the document (a form POST's CSRF token, Frappe's RPC name).
TRANSPORT_ARGS = frozenset({"cmd", "csrfmiddlewaretoken", "csrf_token"})


def request_document() -> Any:
    """The document a client sent: Frappe's ``data`` argument (JSON text or object), else the arguments themselves."""
    args = get_local().form_dict
    data = args.get("data")
    if data is None:
        return {key: value for key, value in args.items() if key not in TRANSPORT_ARGS}
    if isinstance(data, str):
        data = parse_json(data, "data", not_json="data must be a JSON object")
    if not isinstance(data, dict):  # e.g. a JSON list body, which Frappe puts in data
        raise ValidationError(_("data must be a JSON object, not {type}").format(type=type(data).__name__))
    return data


class BaseDocTypeViewSet(FrappeAPIMixin, viewsets.GenericViewSet):
    """What both API versions share: the doctype, its permissions, and how a document is found."""

    doctype: DocType
    lookup_field = "name"
    lookup_value_regex = ".+?"  # names may hold "/" (Frappe routes <path:name>)

    def get_queryset(self) -> models.QuerySet:
        return with_link_names(self.doctype)

    def get_serializer_class(self) -> type:
        return self.serializer_class or serializer_class_for(self.doctype)

    def get_object(self) -> models.Model:
        """The document named in the URL: 404 when missing, 403 when the user may not act on it."""
        instance = self.doctype.get_object(self.kwargs[self.lookup_field], self.get_queryset())
        self.check_object_permissions(self.request, instance)
        return instance

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> None:
        super().permission_denied(request, message or no_permission_message(request_ptype(request, self),
                                                                              self.doctype.name), code)

    # -- actions ---------------------------------------------------------------------

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Rows the user may read, with Frappe's fields, filters, order_by, group_by and paging."""
        args = get_local().form_dict
        rows = listing.get_list(self.doctype, args, request.user, self.paginator)
        return self.paginator.get_paginated_response(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One document."""
        return Response({"data": self.get_serializer(self.get_object()).data})

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Insert a document (a JSON object, or Frappe's ``data`` argument holding one); answers 200 with it."""
        serializer = self.get_serializer(data=request_document())
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response({"data": serializer.data})

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the fields given (the others stay); answers with the saved document."""
        serializer = self.get_serializer(self.get_object(), data=request_document(), partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response({"data": serializer.data})

    partial_update = update

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete the document; answers 202 ``{"data": "ok"}``."""
        delete_document(self.doctype, self.get_object())
        return Response({"data": "ok"}, status=202)


class ResourceViewSet(RunMethodMixin, BaseDocTypeViewSet):
    """v1: ``GET|POST /api/resource/<DocType>``, ``GET|PUT|DELETE /api/resource/<DocType>/<name>``
    (``GET|POST`` with ``?run_method=``: :mod:`.document_methods`)."""

    pagination_class = FrappePagination
    http_method_names = ["get", "post", "put", "delete", "head", "options"]


class DocumentViewSet(MethodActionMixin, BaseDocTypeViewSet):
    """v2: ``/api/v2/document/<DocType>[/<name>]`` (PATCH too), lists as ``{"data", "has_next_page"}``;
    ``/<name>/method/<m>`` calls a document method (:mod:`.document_methods`).

    ``include=count`` adds ``count``: the rows matching the filters (the one COUNT query of the API).
    """

    api_version = V2
    pagination_class = FrappeV2Pagination
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    # Actions whose rows are each checked for their own right: the doctype needs that right, not "create".
    row_checked_actions = {"bulk_delete": "delete", "bulk_update": "write"}

    @classmethod
    def get_extra_actions(cls) -> list:
        actions = super().get_extra_actions()
        doctype = getattr(cls, "doctype", None)
        if doctype is not None and doctype.read_only:  # no write can succeed: no route for the bulk writes
            actions = [action for action in actions if action.__name__ not in cls.row_checked_actions]
        return actions

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Every class of API_PERMISSION_CLASSES runs; DocTypePermissions asks for the rows' right.
        self.required_ptype = self.row_checked_actions.get(self.action) or self.required_ptype
        super().initial(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Rows the user may read, ``{"data", "has_next_page"}``; ``include=count`` adds ``count``;
        ``expand``/``expand_links`` put the linked documents in place of link names."""
        response = super().list(request, *args, **kwargs)
        args = get_local().form_dict
        expand_links(self.doctype, response.data["data"], args, request.user)
        if "count" in str(args.get("include") or "").split(","):
            response.data["count"] = listing.get_count(self.doctype, args, request.user)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One document; ``expand``/``expand_links`` put the linked documents in place of link names."""
        response = super().retrieve(request, *args, **kwargs)
        expand_links(self.doctype, [response.data["data"]], get_local().form_dict, request.user)
        return response

    @extend_schema(request=None, responses=action_schemas.COPY_RESPONSES)
    @action(detail=True, methods=["get"], schema=FrappeAutoSchema())  # the base @extend_schema extends
    def copy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new, unsaved copy of the document to edit and post (see :mod:`.copies`)."""
        return Response({"data": copy_document(self.doctype, self.get_object())})

    @extend_schema(request=action_schemas.BULK_DELETE_REQUEST, responses=action_schemas.BULK_DELETE_RESPONSES)
    @action(detail=False, methods=["post"], schema=FrappeAutoSchema())
    def bulk_delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete ``names``, each on its own: ``{"deleted", "failed", "total", ...}``."""
        return Response({"data": bulk.bulk_delete_docs(self.doctype, get_local().form_dict.get("names"))})

    @extend_schema(request=action_schemas.BULK_UPDATE_REQUEST, responses=action_schemas.BULK_UPDATE_RESPONSES)
    @action(detail=False, methods=["post"], schema=FrappeAutoSchema())
    def bulk_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Update ``docs`` (``{"name", <fields>}`` each) on their own: ``{"updated", "failed", ...}`` and ``docs``."""
        summary, saved = bulk.bulk_update_docs(self.doctype, get_local().form_dict.get("docs"))
        return Response({"data": summary, "docs": saved})


class DocTypeInfoViewSet(FrappeAPIMixin, viewsets.GenericViewSet):
    """v2: ``/api/v2/doctype/<DocType>/meta`` and ``/count``."""

    doctype: DocType
    api_version = V2
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> models.QuerySet:
        return self.doctype.get_queryset()

    @action(detail=False)
    def meta(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The doctype's meta: naming, sorting, web options and fields with Frappe's field types."""
        return Response({"data": doctype_meta(self.doctype)})

    @action(detail=False)
    def count(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """How many rows the user may read match ``filters`` / ``or_filters``."""
        return Response({"data": listing.get_count(self.doctype, get_local().form_dict, request.user)})


def viewset_for(doctype: DocType, base: type) -> type:
    """``base`` bound to ``doctype``, with the doctype's ``viewset_class`` (a :class:`ResourceViewSet`) mixed in.

    The doctype's class serves v1 as it is; for v2 it is combined with
    :class:`DocumentViewSet`, so its overrides apply to both versions.
    """
    attrs: dict[str, Any] = {"doctype": doctype, "__module__": base.__module__}
    bases: tuple[type, ...] = (base,)
    if doctype.viewset_class is not None and issubclass(base, BaseDocTypeViewSet):
        custom = resolve_class(doctype.viewset_class)
        bases = (custom,) if base is ResourceViewSet else (custom, base)
        if base is DocumentViewSet:
            attrs.update(api_version=V2, pagination_class=FrappeV2Pagination,
                         http_method_names=DocumentViewSet.http_method_names)
    if issubclass(base, BaseDocTypeViewSet):
        attrs["serializer_class"] = serializer_class_for(doctype)  # the custom viewset's own, if it has one
    name = "".join(part[:1].upper() + part[1:] for part in doctype.name.split()) or "DocType"
    return type(f"{name}{base.__name__}", bases, attrs)
