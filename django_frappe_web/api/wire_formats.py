"""The API's answers as they are on the wire, for the OpenAPI document.

drf-spectacular describes a DRF serializer; the API sends Frappe's JSON instead
(:func:`~django_frappe_web.api.renderers.frappe_json_default`): datetimes and times as
``str()`` gives them (``2024-01-31 13:45:00.123456``, no ``T``, no offset -- not
RFC 3339's ``date-time``), decimals as numbers, and list rows holding only the
requested ``fields`` (or aggregates, or, with ``as_dict=0``, a list of values). The
document is mended here so that a client generated from it, or a fuzzer checking
answers against it, reads what is actually sent.
"""

from __future__ import annotations

import copy
from typing import Any

FORMATS = {
    "date-time": {"pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?$",
                  "description": "Frappe's datetime: YYYY-MM-DD HH:MM:SS[.ffffff], in the site's time zone"},
    "time": {"pattern": r"^\d{2}:\d{2}:\d{2}(\.\d{6})?$", "description": "HH:MM:SS[.ffffff]"},
}
ARRAY_ROW = {"type": "array", "description": "as_dict=0: the row's values, in the order of fields"}


def mend_response_shapes(schema: dict) -> None:
    """Describe Frappe's wire formats in the response components and the rows of list answers (in place)."""
    components = schema.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if not name.endswith("Request"):  # what a client sends may still be ISO 8601
            _mend_formats(component)
    for name in [name for name in components if name.startswith("Paginated")]:
        data = components[name].get("properties", {}).get("data", {})
        reference = data.get("items", {}).get("$ref")
        if reference:
            row_name = f"{reference.rsplit('/', 1)[-1]}Row"
            components.setdefault(row_name, _row_component(components[reference.rsplit("/", 1)[-1]]))
            data["items"] = {"anyOf": [{"$ref": f"#/components/schemas/{row_name}"}, ARRAY_ROW]}


def _mend_formats(node: Any) -> None:
    if isinstance(node, dict):
        if _is_string(node) and node.get("format") in FORMATS:
            mended = FORMATS[node.pop("format")]
            node["pattern"] = mended["pattern"]
            node.setdefault("description", mended["description"])
        elif _is_string(node) and node.get("format") == "decimal":
            node.pop("format")
            node.pop("pattern", None)
            kind = node["type"]  # OpenAPI 3.1: a nullable field's type is ["string", "null"]
            node["type"] = [("number" if one == "string" else one) for one in kind] if isinstance(kind, list) \
                else "number"
        for value in node.values():
            _mend_formats(value)
    elif isinstance(node, list):
        for value in node:
            _mend_formats(value)


def _is_string(node: dict) -> bool:
    kind = node.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def _row_component(document: dict) -> dict:
    """A list row: the document's fields, each optional (only the requested ones are sent), plus aggregates."""
    row = {key: copy.deepcopy(value) for key, value in document.items() if key not in ("required", "description")}
    row["description"] = "The requested fields of one row (aggregates and aliases as further keys)."
    row["additionalProperties"] = True
    return row
