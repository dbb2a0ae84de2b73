"""Python type hints as JSON Schema: each kind of hint, and hints no one can read."""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Optional, TypedDict, Union

import pytest

from django_frappe_web.api.schema_types import default_value, hint_schema, parameter_hints, resolved_hint


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 2


class Point(TypedDict, total=False):
    x: int
    label: str


class Tree(TypedDict):
    name: str
    children: list[Tree]


@pytest.mark.parametrize("hint, schema", [
    (str, {"type": "string"}), (int, {"type": "integer"}), (float, {"type": "number"}),
    (bool, {"type": "boolean"}), (None, {"type": "null"}), (decimal.Decimal, {"type": "number"}),
    (datetime.date, {"type": "string", "format": "date"}),
    (list, {"type": "array"}), (list[int], {"type": "array", "items": {"type": "integer"}}),
    (Sequence[str], {"type": "array", "items": {"type": "string"}}), (Iterable[int], {"type": "array",
                                                                                     "items": {"type": "integer"}}),
    (set[str], {"type": "array", "items": {"type": "string"}}),
    (tuple[int, ...], {"type": "array", "items": {"type": "integer"}}),
    (tuple[str, int], {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "minItems": 2,
                       "maxItems": 2}),
    (dict, {"type": "object"}), (dict[str, Any], {"type": "object"}),
    (Mapping[str, float], {"type": "object", "additionalProperties": {"type": "number"}}),
    (Optional[int], {"anyOf": [{"type": "integer"}, {"type": "null"}]}),  # noqa: UP045
    (Union[int, str], {"anyOf": [{"type": "integer"}, {"type": "string"}]}),  # noqa: UP007
    (int | None, {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
    (int | Any, {}),  # a union with "anything" is anything
    (Literal["a", "b"], {"enum": ["a", "b"], "type": "string"}), (Literal[1, "x"], {"enum": [1, "x"]}),
    (Literal[Color.RED], {"enum": ["red"], "type": "string"}), (Literal[b"raw"], {}),  # bytes: not JSON
    (Color, {"enum": ["red", "blue"], "type": "string"}), (Size, {"enum": [1, 2], "type": "integer"}),
    (Point, {"type": "object", "properties": {"x": {"type": "integer"}, "label": {"type": "string"}}}),
    (Any, {}), (object, {}), (inspect.Parameter, {}),
])
def test_each_kind_of_hint(hint, schema):
    assert hint_schema(hint) == schema


def test_a_self_referencing_typeddict_stops_at_a_depth():
    schema = hint_schema(Tree)
    assert schema["required"] == ["name", "children"]
    depth, node = 0, schema
    while node.get("properties"):
        node, depth = node["properties"]["children"].get("items", {}), depth + 1
    assert 2 <= depth <= 10


@pytest.mark.parametrize("annotation, expected", [
    ("int", int), ("list[str]", list[str]), ("NoSuchName", Any), ("1/0", Any), ("[", Any),
    (inspect.Parameter.empty, Any),
])
def test_string_annotations_resolve_in_the_functions_module_or_are_any(annotation, expected):
    assert resolved_hint(annotation, __name__) == expected


def test_parameters_skip_self_star_args_and_star_star_kwargs():
    def method(self, a: int, *args: str, b: Point = None, **kwargs: int) -> Tree: ...

    parameters, hints, result = parameter_hints(method)
    assert [p.name for p in parameters] == ["a", "b"] and hints == {"a": int, "b": Point} and result is Tree


def test_a_callable_without_a_signature_has_no_parameters():
    assert parameter_hints(object()) == ([], {}, Any)  # not callable: no signature to read


@pytest.mark.parametrize("default, written", [
    (inspect.Parameter.empty, (False, None)), (None, (True, None)), (3, (True, 3)), ("x", (True, "x")),
    ((1, 2), (True, [1, 2])), ({"a": [1]}, (True, {"a": [1]})), (float("nan"), (False, None)),
    (object(), (False, None)), (Color.BLUE, (True, "blue")), ({1: object()}, (False, None)), (list(range(1000)), (False, None)),
])
def test_defaults_are_written_only_when_json_can_hold_them(default, written):
    parameter = inspect.Parameter("p", inspect.Parameter.KEYWORD_ONLY, default=default)
    assert default_value(parameter) == written
