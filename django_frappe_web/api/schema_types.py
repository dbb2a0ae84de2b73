"""Python type hints as JSON Schema (OpenAPI 3.1), for the parameters and results of whitelisted functions.

``str``, ``int``, ``float``, ``bool``, ``None``, ``list[X]``, ``tuple[...]``, ``set[X]``,
``dict[str, X]``, ``TypedDict``, ``Optional``/unions, ``Literal``, enums and dates map to their JSON
Schema; anything else (an untyped parameter, ``Any``, a class of the project, a forward
reference that names nothing) is ``{}``, JSON Schema's "any value": the schema never fails
because of an annotation, it only says less.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
import json
import math
import types
import typing
from collections import abc
from collections.abc import Callable, Mapping
from typing import Any

MAX_DEPTH = 8  # nested (or self-referencing) TypedDicts and generics stop being described here
JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (type(None), "null"))
SCALARS: tuple[tuple[type, dict], ...] = (
    (bool, {"type": "boolean"}), (int, {"type": "integer"}), (float, {"type": "number"}),
    (decimal.Decimal, {"type": "number"}), (str, {"type": "string"}), (bytes, {"type": "string"}),
    # Frappe sends datetimes as str() gives them (a space, no offset): not RFC 3339's date-time.
    (datetime.datetime, {"type": "string", "description": "A datetime: YYYY-MM-DD HH:MM:SS[.ffffff]"}),
    (datetime.date, {"type": "string", "format": "date"}),
    (datetime.time, {"type": "string", "description": "A time: HH:MM:SS[.ffffff]"}),
)
UNIONS = (typing.Union, types.UnionType)
BOUND_NAMES = ("self", "cls")
SEQUENCES = (list, tuple, abc.Sequence, abc.Set)


def resolved_hint(annotation: Any, module: str) -> Any:
    """``annotation`` with string (forward) references evaluated in ``module``; ``Any`` when that fails."""
    if annotation is inspect.Parameter.empty:
        return Any
    holder = type("Hint", (), {"__annotations__": {"value": annotation}, "__module__": module})
    try:
        return typing.get_type_hints(holder)["value"]
    except Exception:  # a name that does not exist, an expression that raises: say nothing about the type
        return Any


def hint_schema(hint: Any, depth: int = 0) -> dict:
    """The JSON Schema of values of type ``hint`` (``{}``: any value)."""
    if depth > MAX_DEPTH or hint is Any:
        return {}
    if hint is None or hint is type(None):
        return {"type": "null"}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        return _literal_schema(args)
    if origin in UNIONS:
        options = [hint_schema(arg, depth + 1) for arg in args]
        return {} if {} in options else {"anyOf": options}
    base = origin if isinstance(origin, type) else hint
    if not isinstance(base, type):
        return {}
    if typing.is_typeddict(base):
        return _typeddict_schema(base, depth)
    if issubclass(base, enum.Enum):
        return _literal_schema(list(base))
    for python_type, schema in SCALARS:
        if issubclass(base, python_type):
            return dict(schema)
    if issubclass(base, Mapping):
        values = hint_schema(args[1], depth + 1) if len(args) == 2 else {}
        return {"type": "object", **({"additionalProperties": values} if values else {})}
    if issubclass(base, tuple) and args and args[-1] is not Ellipsis:
        items = [hint_schema(arg, depth + 1) for arg in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}
    if issubclass(base, SEQUENCES) or base in (abc.Iterable, abc.Collection):
        items = hint_schema(args[0], depth + 1) if args else {}
        return {"type": "array", **({"items": items} if items else {})}
    return {}


def _literal_schema(values: tuple | list) -> dict:
    values = [value.value if isinstance(value, enum.Enum) else value for value in values]
    names = [name for value in values for python_type, name in JSON_TYPES if type(value) is python_type]
    if len(names) != len(values):  # a value JSON cannot hold (an object, a tuple): say nothing
        return {}
    names = set(names)
    schema: dict[str, Any] = {"enum": list(values)}
    if len(names) == 1:
        schema["type"] = names.pop()
    return schema


def _typeddict_schema(typeddict: type, depth: int) -> dict:
    try:
        hints = typing.get_type_hints(typeddict)
    except Exception:  # an unresolvable forward reference in one of its keys
        return {"type": "object"}
    required = [key for key in hints if key in getattr(typeddict, "__required_keys__", ())]
    schema = {"type": "object", "properties": {key: hint_schema(hint, depth + 1) for key, hint in hints.items()}}
    return {**schema, "required": required} if required else schema


def parameter_hints(func: Callable[..., Any]) -> tuple[list[inspect.Parameter], dict[str, Any], Any]:
    """``func``'s named parameters (not ``*args``/``**kwargs``, nor a method's ``self``), their resolved
    hints, and its return hint."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):  # a callable without a signature Python can read
        return [], {}, Any
    target = inspect.unwrap(func)
    module = getattr(target, "__module__", None) or __name__
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    parameters = [parameter for parameter in signature.parameters.values() if parameter.kind in kinds]
    if parameters and parameters[0].name in BOUND_NAMES:  # a model's method (a document method): not an argument
        parameters = parameters[1:]
    hints = {parameter.name: resolved_hint(parameter.annotation, module) for parameter in parameters}
    return parameters, hints, resolved_hint(signature.return_annotation, module)


def default_value(parameter: inspect.Parameter) -> tuple[bool, Any]:
    """Whether ``parameter``'s default can be written in JSON, and that default."""
    default = parameter.default
    if default is inspect.Parameter.empty:
        return False, None
    if isinstance(default, enum.Enum):
        default = default.value
    if isinstance(default, float) and not math.isfinite(default):
        return False, None
    if default is None or isinstance(default, (bool, int, float, str)):
        return True, default
    if isinstance(default, (list, tuple, dict)) and len(repr(default)) < 200:
        try:
            return True, json.loads(json.dumps(default, allow_nan=False))
        except (TypeError, ValueError):
            return False, None
    return False, None
