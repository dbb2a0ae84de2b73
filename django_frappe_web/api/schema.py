"""OpenAPI 3 for the API (drf-spectacular), per requester at ``/api/schema/``, and v2's doctype meta.

The schema (OpenAPI 3.1) has one path per registered doctype with the doctype's fields
as components (what is read, what a create needs, what an update may send), Frappe's list
parameters and envelopes (``{"data": ...}``), the error bodies, the authentication schemes,
and every whitelisted function at ``/api/method/<path>`` and ``/api/v2/method/<path>``
(:mod:`.schema_methods`) next to the generic ``/api/method/{method}``.
``manage.py api_schema --file api.yaml`` writes the same document to a file, and
``manage.py api_types --ts F`` TypeScript types from it (:mod:`.typescript`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .. import __version__
from ..doc_methods import document_methods
from ..doctypes import DocType, get_doctype_for_model, iter_doctypes
from ..whitelist import WhitelistedMethod, whitelisted_paths
from .permissions import PTYPES
from .schema_methods import ERROR_STATUSES, add_document_methods, method_path_item, secure_operations
from .wire_formats import mend_response_shapes

SETTINGS = {
    "TITLE": "Frappe-compatible REST API",
    "DESCRIPTION": "Frappe's REST API (v1 at /api/ and /api/v1/, v2 at /api/v2/) for the registered doctypes.",
    "VERSION": __version__,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "OAS_VERSION": "3.1.0",
}
DEFAULT_PREFIX = "/api/"
BODY_TYPES = ["application/json", "application/x-www-form-urlencoded"]
LIST_PARAMETERS = [
    OpenApiParameter("fields", str, description='JSON list of fields, e.g. ["name", "title"] or ["*"]; aggregates '
                     "count(*), sum(field)... with group_by."),
    OpenApiParameter("filters", str, description='JSON filters: {"field": value}, {"field": ["op", value]}, '
                     '[["field", "op", value], ...] or [["DocType", "field", "op", value], ...]; operators =, !=, >, '
                     "<, >=, <=, like, not like, in, not in, is (set / not set), between."),
    OpenApiParameter("or_filters", str, description="JSON filters of which at least one must hold."),
    OpenApiParameter("order_by", str, description='"field asc|desc", comma-separated.'),
    OpenApiParameter("group_by", str, description="Fields to group by, comma-separated."),
]
NAME_PARAMETER = OpenApiParameter("name", str, OpenApiParameter.PATH, description="The document's name.")

class APIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "django_frappe_web.api.authentication.APIKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "token <api_key>:<api_secret>, or Basic base64(<api_key>:<api_secret>); "
                               "no CSRF token needed."}


class FrappeSessionScheme(OpenApiAuthenticationExtension):
    target_class = "django_frappe_web.api.authentication.FrappeSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME,
                "description": "Django's session (POST /api/method/login); unsafe methods need the CSRF token in "
                               "X-Frappe-CSRF-Token or X-CSRFToken."}


# v1's POST ?run_method= and v2's /method/<method> (api/document_methods.py).
DOCUMENT_METHOD_ACTIONS = ("run_method", "call_method")
DOCUMENT_METHOD_PARAMETER = OpenApiParameter(
    "method", str, OpenApiParameter.PATH, description="A whitelisted method of the document's model")
RUN_METHOD_PARAMETER = OpenApiParameter(
    "run_method", str, OpenApiParameter.QUERY, required=True, description="A whitelisted method of the document's model")


class FrappeAutoSchema(AutoSchema):
    """Frappe's envelopes, list parameters and errors for the API's views."""

    @property
    def doctype(self) -> DocType | None:
        return getattr(self.view, "doctype", None)

    @property
    def action(self) -> str | None:
        return getattr(self.view, "action", None)

    @property
    def version(self) -> int:
        return getattr(self.view, "api_version", 1)

    def is_excluded(self) -> bool:
        """A doctype's document-method operations only where its model has methods to call."""
        if self.action in DOCUMENT_METHOD_ACTIONS and self.doctype is not None:
            return not document_methods(self.doctype)
        return super().is_excluded()

    def get_tags(self) -> list[str]:
        return [self.doctype.name] if self.doctype else ["methods"]

    def get_operation_id(self) -> str:
        if self.doctype is None:
            return f"v{self.version}_method_{self.method.lower()}"
        slug = re.sub(r"\W+", "_", self.doctype.name).strip("_").lower()
        action = self.action or self.method.lower()
        if action in DOCUMENT_METHOD_ACTIONS:  # one route answering GET and POST
            action = f"{action}_{self.method.lower()}"
        return f"v{self.version}_{slug}_{action}"

    def get_override_parameters(self) -> list:
        if self.doctype is None:
            return [OpenApiParameter("method", str, OpenApiParameter.PATH,
                                     description="Dotted path of a whitelisted function")]
        if self.action == "list":
            extra = [OpenApiParameter("include", str, description='"count" adds the number of matching rows.')] \
                if self.version == 2 else [OpenApiParameter("as_dict", int, description="0: rows as lists.")]
            return [*LIST_PARAMETERS, *extra]
        if self.action == "count":
            return LIST_PARAMETERS[1:3]
        if self.action in ("retrieve", "update", "partial_update", "destroy"):
            return [NAME_PARAMETER]
        if self.action == "call_method":
            return [NAME_PARAMETER, DOCUMENT_METHOD_PARAMETER]
        if self.action == "run_method":
            return [NAME_PARAMETER, RUN_METHOD_PARAMETER]
        return []

    def map_parsers(self) -> list[str]:
        # The views read the body through frappe.form_dict (no DRF parsers): JSON, or form fields.
        return BODY_TYPES

    def get_request_serializer(self) -> Any:
        if self.doctype is None:
            return OpenApiTypes.OBJECT if self.method in ("POST", "PUT", "PATCH") else None
        if self.action == "create":
            return self.view.get_serializer()
        if self.action in ("update", "partial_update"):
            return self.view.get_serializer(partial=True)  # PUT changes the fields given, as PATCH does
        if self.action in DOCUMENT_METHOD_ACTIONS and self.method == "POST":
            return OpenApiTypes.OBJECT
        return None

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> dict:
        """A link field's schema names the doctype it links to (its value is that document's name)."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        queryset = getattr(field, "queryset", None)
        target = get_doctype_for_model(queryset.model) if queryset is not None else None
        if target is not None:
            schema["description"] = f"Link to {target.name}: the name of a {target.name} document."
            schema["x-frappe-link"] = target.name
        return schema

    def get_response_serializers(self) -> Any:
        errors = {code: OpenApiResponse(self._error_component(), description)
                  for code, description in ERROR_STATUSES.items()}
        if self.doctype is None:
            key = "data" if self.version == 2 else "message"
            return {"200": OpenApiResponse(_object({key: {"description": "What the function returned"}}), "OK"),
                    **errors}
        if self.action == "meta":
            return {"200": OpenApiResponse(_object({"data": {"type": "object"}}), "The doctype's meta"), **errors}
        if self.action == "count":
            return {"200": OpenApiResponse(_object({"data": {"type": "integer"}}), "Matching rows"), **errors}
        if self.action in DOCUMENT_METHOD_ACTIONS:
            return {"200": OpenApiResponse(_object({"data": {"description": "What the method returned"}}), "OK"),
                    **errors}
        serializer = self.view.get_serializer()
        if self.action == "list":
            return {"200": OpenApiResponse(serializer.__class__(many=True), "One page of rows"), **errors}
        if self.action == "destroy":
            return {"202": OpenApiResponse(_object({"data": {"type": "string", "enum": ["ok"]}}), "Deleted"),
                    **errors}
        document = self.resolve_serializer(serializer, "response").ref
        return {"200": OpenApiResponse(_object({"data": document}), "The document"), **errors}

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"Paginated{serializer_name}List" + ("V2" if self.version == 2 else "")

    def _error_component(self) -> dict:
        name = "FrappeErrorV2" if self.version == 2 else "FrappeError"
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name,
                                      schema=ERROR_V2_SCHEMA if self.version == 2 else ERROR_SCHEMA)
        self.registry.register_on_missing(component)
        return component.ref


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties)}


ERROR_SCHEMA = {
    "type": "object",
    "description": "Frappe's error body.",
    "properties": {
        "exc_type": {"type": "string", "example": "ValidationError"},
        "exception": {"type": "string", "example": "frappe.exceptions.ValidationError: Field \"x\" is not a field"},
        "_server_messages": {"type": "string", "description": "JSON list of JSON-encoded messages"},
        "exc": {"type": "string", "description": "Traceback (only with DEBUG)"},
    },
    "required": ["exc_type", "exception"],
}
ERROR_V2_SCHEMA = {
    "type": "object",
    "description": "Frappe's v2 error body.",
    "properties": {
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "type": {"type": "string"}, "message": {"type": "string"}, "title": {"type": "string"},
            "indicator": {"type": "string"}}, "required": ["type", "message"]}},
        "messages": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["errors"],
}


class FrappeSchemaGenerator(SchemaGenerator):
    """Paths percent-encoded without trailing slashes, and every whitelisted function spelled out.

    With a request (``/api/schema/``), the document shows what that requester may use:
    an operation on a doctype only with the permission its verb needs (so a guest sees
    the ``allow_guest_to_view`` doctypes, read-only), a whitelisted function only when a guest
    may call it or the requester is logged in. The components follow the operations,
    so a hidden doctype's fields are not described either.
    """

    def get_schema(self, request: Any = None, public: bool = False) -> dict:
        schema = super().get_schema(request=request, public=public)
        schema["paths"] = {_clean_path(url): item for url, item in schema["paths"].items()}
        mend_response_shapes(schema)
        _add_methods(schema["paths"], None if public or request is None else request.user)
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        schemas.setdefault("FrappeError", ERROR_SCHEMA)  # the method operations' error bodies
        schemas.setdefault("FrappeErrorV2", ERROR_V2_SCHEMA)
        secure_operations(schema["paths"], components.get("securitySchemes", {}))
        return schema

    def has_view_permissions(self, path: str, method: str, view: Any) -> bool:
        doctype = getattr(view, "doctype", None)
        if view.request is None or doctype is None:
            return True  # the generic /api/method/{method}: anyone may call some method
        return doctype.has_permission(PTYPES.get(method, "write"), view.request.user)


def _clean_path(url: str) -> str:
    url = url.replace("\\", "")
    url = url[:-1] if url.endswith("/") and len(url) > 1 else url
    return quote(url, safe="/{}")


def _add_methods(paths: dict, user: Any) -> None:
    """The whitelisted functions (v1 and v2) and document methods ``user`` may call (all without a user)."""
    prefix = api_prefix()
    for path, entry in method_paths().items():
        if user is None or entry.allow_guest or user.is_authenticated:
            paths[f"{prefix}method/{path}"] = method_path_item(f"{prefix}method/{path}", entry)
            paths[f"{prefix}v2/method/{path}"] = method_path_item(f"{prefix}v2/method/{path}", entry, version=2)
    for doctype in iter_doctypes():
        if user is None or doctype.has_permission("read", user):
            methods = {name: entry for name, entry in document_methods(doctype).items()
                       if user is None or entry.allow_guest or user.is_authenticated}
            # The routes' rule: GET needs the document's read permission, POST its write.
            verbs = [verb for verb, ptype in (("GET", "read"), ("POST", "write"))
                     if user is None or doctype.has_permission(ptype, user)]
            add_document_methods(paths, prefix, doctype, methods, verbs)


def method_paths() -> dict[str, WhitelistedMethod]:
    """The whitelisted functions by path, each once: a function with an alias (``frappe.client.get_list``)
    under its aliases, which Frappe's clients call, not also under its module's dotted path."""
    paths = whitelisted_paths()
    aliased = {entry.path for path, entry in paths.items() if entry.path != path}
    return {path: entry for path, entry in paths.items() if path not in aliased}


def api_prefix() -> str:
    """Where the API is mounted (``/api/`` when the package's urls are included at the root)."""
    try:
        return reverse("frappe_web:api-schema")[: -len("schema/")]
    except NoReverseMatch:
        return DEFAULT_PREFIX


