"""What v2's document actions (``copy``, ``bulk_delete``, ``bulk_update``) take and answer, for the OpenAPI schema.

Used with ``@extend_schema`` on the actions: their bodies are not the doctype's serializer's.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from .bulk import MAX_BULK_ROWS

NAME = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
FAILED = {"type": "array", "items": {"type": "object", "properties": {
    "name": {"anyOf": [{"type": "string", "nullable": True}, {"type": "integer"}]}, "error": {"type": "string"}}, "required": ["name", "error"]}}


def _summary(done_key: str) -> dict:
    return {"type": "object", "properties": {
        done_key: {"type": "array", "items": NAME}, "failed": FAILED, "total": {"type": "integer"},
        "success_count": {"type": "integer"}, "failure_count": {"type": "integer"}},
        "required": [done_key, "failed", "total", "success_count", "failure_count"]}


COPY_RESPONSES = {200: OpenApiResponse({
    "type": "object", "required": ["data"], "properties": {"data": {
        "type": "object", "additionalProperties": True, "required": ["doctype", "__islocal"],
        "description": "The document's fields but its name, unique fields, bookkeeping and empty values",
        "properties": {"doctype": {"type": "string"}, "__islocal": {"type": "integer", "enum": [1]}}}}},
    "A new, unsaved copy")}
BULK_DELETE_REQUEST = {"application/json": {"type": "object", "required": ["names"], "properties": {
    "names": {"type": "array", "maxItems": MAX_BULK_ROWS, "items": NAME}}}}
BULK_DELETE_RESPONSES = {200: OpenApiResponse({"type": "object", "required": ["data"], "properties": {
    "data": _summary("deleted")}}, "What was deleted and what was refused, row by row")}
BULK_UPDATE_REQUEST = {"application/json": {"type": "object", "required": ["docs"], "properties": {
    "docs": {"type": "array", "maxItems": MAX_BULK_ROWS, "items": {
        "type": "object", "required": ["name"], "additionalProperties": True, "properties": {"name": NAME}}}}}}
BULK_UPDATE_RESPONSES = {200: OpenApiResponse({"type": "object", "required": ["data", "docs"], "properties": {
    "data": _summary("updated"),
    "docs": {"type": "array", "items": {"type": "object", "additionalProperties": True}}}},
    "What was updated and what was refused, row by row, and the saved documents")}
