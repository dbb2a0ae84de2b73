"""Text and JSON from a request: the one place that decides what input is acceptable.

Every piece of JSON a client sends -- a JSON body, and JSON carried in an argument
(``filters``, ``fields``, ``data``, ``doc``, ``docs``, a list page's ``["like", "x"]``) --
is parsed by :func:`parse_json` (or :func:`load_json`), and every text argument of
``frappe.form_dict`` is checked by :func:`check_text`. They refuse, as Frappe's
``ValidationError`` (417 on ``/api``, a 417 page on the website):

* text that is not valid Unicode: a body that is not UTF-8, or a lone surrogate such as
  JSON's ``"\\ud800"`` (no database driver can encode it: on PostgreSQL it used to be a 500);
* JSON nested more than :data:`MAX_JSON_DEPTH` levels (no code needs more, and deeper
  input ends in ``RecursionError`` in whatever walks it);
* ``NaN``, ``Infinity`` and numbers too large for a float (``1e999``), which are not JSON
  values (Frappe's orjson refuses them too).

A NUL character is valid text and passes (a page may echo it); PostgreSQL cannot store it,
so the query builder, the document serializers and login refuse it where it would meet the
database.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.utils.translation import gettext as _

from .exceptions import ValidationError

MAX_JSON_DEPTH = 32  # levels of lists and objects: a document with child tables needs about 4
_SURROGATE = re.compile("[\ud800-\udfff]")


SYNTAX, TOO_DEEP, BAD_TEXT = "syntax", "too deep", "bad text"


class JSONInputError(ValueError):
    """Why :func:`load_json` refused its input: ``reason`` is :data:`SYNTAX`, :data:`TOO_DEEP` or :data:`BAD_TEXT`."""

    def __init__(self, message: str, reason: str = BAD_TEXT):
        super().__init__(message)
        self.message = message
        self.reason = reason

    @property
    def syntax(self) -> bool:
        """True when the input is simply not JSON (a caller may then read it as plain text)."""
        return self.reason == SYNTAX


def parse_json(text: str | bytes | bytearray, what: str = "the JSON", *,
               error: type[ValidationError] = ValidationError, not_json: str | None = None) -> Any:
    """``json.loads`` for input from a client, refusing with ``error`` (a 417) what :func:`load_json` refuses.

    ``what`` names the input in messages ("the request body", "filters"...); ``not_json``
    replaces the message when the text is simply not JSON.
    """
    try:
        return load_json(text, what)
    except JSONInputError as exc:
        raise error(not_json if exc.syntax and not_json else exc.message) from None


def load_json(text: str | bytes | bytearray, what: str = "the JSON") -> Any:
    """``json.loads`` for input from a client: strict UTF-8, bounded depth, no lone surrogate.

    Raises :class:`JSONInputError` (a ``ValueError``), for callers that treat text that is
    not JSON differently from JSON that is refused.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")  # strict: refuses encoded surrogates as well
        except UnicodeDecodeError:
            raise JSONInputError(_("{what} is not valid UTF-8").format(what=_capital(what))) from None
    _check_text(text, what)  # raw in the text: a str handed over by Python code
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _opens_deeper_than(text, MAX_JSON_DEPTH):
        # Before parsing: whether json.loads recurses out or calls unclosed brackets a syntax
        # error depends on the Python version; too deep is too deep, JSON or not.
        raise _too_deep(what)
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except ValueError as exc:
        raise JSONInputError(_("{what} is not valid JSON: {exc}").format(
            what=_capital(what), exc=exc), SYNTAX) from None
    if "\\u" in text:  # a lone surrogate left after the raw check can only come from a \u escape
        _check_strings(value, what)
    return value


def check_text(value: str, what: str = "the request") -> str:
    """``value`` unchanged, or ValidationError (417) if it holds a lone surrogate.

    A NUL character is valid text: where it cannot be stored (PostgreSQL), the query builder
    and the document serializers refuse it naming the field.
    """
    try:
        return _check_text(value, what)
    except JSONInputError as exc:
        raise ValidationError(exc.message) from None


def _check_text(value: str, what: str) -> str:
    if _SURROGATE.search(value) is not None:
        raise JSONInputError(_("Text that is not valid Unicode (a lone surrogate) is not allowed in {what}").format(
            what=what))
    return value


def _check_strings(value: Any, what: str) -> None:
    """Check every key and string of a parsed document, without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key, what)
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            _check_text(item, what)


def _opens_deeper_than(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` anywhere in ``text``."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _capital(what: str) -> str:
    return what[:1].upper() + what[1:]


def _too_deep(what: str) -> JSONInputError:
    return JSONInputError(_("{what} is nested too deeply (at most {depth} levels)").format(
        what=_capital(what), depth=MAX_JSON_DEPTH), TOO_DEEP)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):  # 1e999: as much Infinity as the word
        raise ValueError(f"{text[:40]} is out of range")
    return value
