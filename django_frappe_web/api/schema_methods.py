"""Whitelisted functions in the OpenAPI document: one path item per function and path, from its signature.

Each operation says what a client needs to call the function: its verbs (only those in its
``methods``), its parameters with their types (:mod:`.schema_types`) and defaults (in the query
string for GET, as a JSON or form body otherwise), its docstring, whether a guest may call it
(``x-frappe-allow-guest``, and ``security``: see :func:`secure_operations`), and Frappe's
envelope around what it returns (``{"message": ...}`` on v1, ``{"data": ...}`` on v2).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponseBase

from ..doctypes import DocType
from ..whitelist import WhitelistedMethod
from .schema_types import default_value, hint_schema, parameter_hints

ERROR_STATUSES = {"401": "Not logged in, or a wrong API key or secret", "403": "Not permitted",
                  "404": "No such document, doctype or method", "405": "Wrong HTTP method (see Allow)",
                  "417": "Invalid input", "429": "Throttled (see Retry-After)"}
ERROR_COMPONENTS = {1: "FrappeError", 2: "FrappeErrorV2"}
GUEST_KEY = "x-frappe-allow-guest"
ROUTE_VERBS = ("GET", "POST")  # what a document method's v1 and v2 routes answer (api/document_methods.py)
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")
STRUCTURED = {"array", "object"}
OPENAPI_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")  # what a path item may hold


def method_path_item(path: str, entry: WhitelistedMethod, path_parameters: Sequence[dict] = (),
                     version: int = 1) -> dict:
    """The OpenAPI path item of ``entry`` served at ``path`` (a path template; ``path_parameters``
    describe its ``{...}`` parts, e.g. a document's name for a document method)."""
    parameters, hints, return_hint = parameter_hints(entry.func)
    properties = {parameter.name: _parameter_schema(parameter, hints[parameter.name]) for parameter in parameters}
    required = [parameter.name for parameter in parameters if parameter.default is inspect.Parameter.empty]
    doc = inspect.cleandoc(inspect.getdoc(entry.func) or "")
    common: dict[str, Any] = {
        "tags": [_tag(path)],
        "responses": {**_success(return_hint, version), **_errors(version)},
        GUEST_KEY: entry.allow_guest,
    }
    if doc:
        common.update(summary=doc.split("\n\n")[0].replace("\n", " ")[:200], description=doc)
    item = {}
    for verb in (verb for verb in entry.methods if verb.lower() in OPENAPI_VERBS):
        operation = {"operationId": operation_id(path, verb), **common}
        if verb == "GET":
            query = [_query_parameter(name, schema, name in required) for name, schema in properties.items()]
            operation["parameters"] = [*path_parameters, *query]
        else:
            if path_parameters:
                operation["parameters"] = list(path_parameters)
            if properties:
                body = {"type": "object", "properties": properties, **({"required": required} if required else {})}
                operation["requestBody"] = {"required": bool(required),
                                            "content": {media: {"schema": body} for media in BODY_TYPES}}
        item[verb.lower()] = operation
    return item


def _tag(path: str) -> str:
    """Functions are grouped by module (``frappe.client``); a path without a module under ``methods``."""
    return path.rsplit("/", 1)[-1].rpartition(".")[0] or "methods"


def operation_id(path: str, verb: str) -> str:
    """A unique id from the path template and the verb (``api_method_frappe_client_get_list_get``)."""
    return f"{re.sub(r'[^0-9A-Za-z]+', '_', path).strip('_')}_{verb.lower()}"


def _parameter_schema(parameter: inspect.Parameter, hint: Any) -> dict:
    schema = hint_schema(hint)
    has_default, default = default_value(parameter)
    if has_default:
        schema = {**schema, "default": default}
    return schema


def _query_parameter(name: str, schema: dict, required: bool) -> dict:
    """A query parameter; a list or an object travels as JSON text (``filters=[["x", "=", 1]]``), as in Frappe."""
    parameter: dict[str, Any] = {"name": name, "in": "query", "required": required}
    if _is_structured(schema):
        parameter["content"] = {"application/json": {"schema": schema}}
    else:
        parameter["schema"] = schema
    return parameter


def _is_structured(schema: dict) -> bool:
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    return bool(kinds & STRUCTURED) or any(_is_structured(option) for option in schema.get("anyOf", ()))


def _success(return_hint: Any, version: int) -> dict:
    if isinstance(return_hint, type) and issubclass(return_hint, HttpResponseBase):
        return {"200": {"description": "The function's own response", "content": {"*/*": {"schema": {}}}}}
    key = "data" if version == 2 else "message"
    # "-> None" says nothing about the answer: such a function may still set frappe.response["message"]
    # (login does). A function that returns None answers {} (no key); an untyped one may.
    result = {} if return_hint is None or return_hint is type(None) else hint_schema(return_hint)
    may_be_none = result == {} or _admits_null(result)
    body = {"type": "object", "properties": {key: {"description": "What the function returned", **result}},
            **({} if may_be_none else {"required": [key]})}
    return {"200": {"description": "OK", "content": {"application/json": {"schema": body}}}}


def _admits_null(schema: dict) -> bool:
    return schema.get("type") == "null" or any(_admits_null(option) for option in schema.get("anyOf", ()))


def _errors(version: int) -> dict:
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENTS[version]}"}
    return {code: {"description": text, "content": {"application/json": {"schema": reference}}}
            for code, text in ERROR_STATUSES.items()}


def add_document_methods(paths: dict, prefix: str, doctype: DocType, methods: dict[str, WhitelistedMethod],
                         verbs: Sequence[str] = ROUTE_VERBS) -> None:
    """``/api/v2/document/<DocType>/{name}/method/<m>`` per method (with the ``verbs`` of the route that
    it answers), and the method names as the ``enum`` of v1's ``?run_method=``."""
    name = quote(doctype.name)
    path_parameters = [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": f"The {doctype.name} document's name."}]
    for method, entry in methods.items():
        routed = dataclasses.replace(entry, methods=tuple(verb for verb in entry.methods if verb in verbs))
        if not routed.methods:
            continue
        path = f"{prefix}v2/document/{name}/{{name}}/method/{method}"
        paths[path] = method_path_item(path, routed, path_parameters, version=2)
        for operation in paths[path].values():
            operation["tags"] = [doctype.name]
    for operation in paths.get(f"{prefix}resource/{name}/{{name}}", {}).values():
        for parameter in operation.get("parameters", ()):
            if parameter.get("name") == "run_method" and methods:
                parameter["schema"] = {"type": "string", "enum": sorted(methods)}


def secure_operations(paths: dict, schemes: Iterable[str]) -> None:
    """Each method operation's ``security``: any of the API's schemes, or none at all for a guest method."""
    required = [{name: []} for name in schemes]
    for item in paths.values():
        for operation in item.values():
            if isinstance(operation, dict) and GUEST_KEY in operation:
                operation["security"] = [{}, *required] if operation[GUEST_KEY] else required
