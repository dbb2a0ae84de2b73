"""``depends_on`` / ``mandatory_depends_on``: Frappe's display conditions, parsed, never evaluated as code.

Frappe runs ``eval:...`` as JavaScript. Here a small, fixed grammar is parsed into a tree and
evaluated over the form's values, on the server (which enforces it) and by ``web_form.js``
(which shows and hides fields); anything outside the grammar is refused with a clear message.

* ``fieldname``: true when the field has a value (Frappe's plain form);
* ``eval:`` followed by an expression of ``doc.<field>`` references, string/number literals,
  ``true``/``false``/``null``, comparisons (``==`` ``===`` ``!=`` ``!==`` ``<`` ``<=`` ``>`` ``>=``),
  ``&&``, ``||``, ``!`` and parentheses. No calls, no other names, no ``doc.a.b``.

Values compare as in the page: a Check is 1 or 0, an empty field equals ``""``, a number equals
the same number written as a string, a Link is the linked document's name.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_LENGTH = 500
TOKEN = re.compile(r"""\s*(?:
    (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<op>===|!==|==|!=|<=|>=|&&|\|\||[<>!()])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<bad>\S)
)""", re.VERBOSE)
COMPARISONS = ("===", "!==", "==", "!=", "<=", ">=", "<", ">")
LITERALS = {"true": True, "false": False, "null": None, "undefined": None}


class ConditionError(ValueError):
    """An expression outside the supported subset; the message says what is wrong."""


@dataclass(frozen=True)
class Condition:
    """A parsed condition: ``evaluate(values)`` and the ``fieldnames`` it reads."""

    source: str
    tree: tuple
    fieldnames: frozenset[str]

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return _truthy(_eval(self.tree, values))


def parse(source: str) -> Condition | None:
    """Parse a ``depends_on`` value; ``""`` is no condition. Raises :class:`ConditionError`."""
    text = (source or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise ConditionError(_("A condition may have at most {limit} characters.").format(limit=MAX_LENGTH))
    if not text.startswith("eval:"):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
            raise ConditionError(_("“{text}” is neither a field name nor an eval: expression.").format(text=text))
        return Condition(text, ("ref", text), frozenset([text]))
    parser = _Parser(text[5:])
    tree = parser.expression()
    if parser.peek() is not None:
        raise ConditionError(_("Unexpected “{text}” in the condition.").format(text=parser.peek()[1]))
    return Condition(text, tree, frozenset(parser.names))


class _Parser:
    """Recursive descent over: or := and ('||' and)*; and := not ('&&' not)*; not := '!' not | cmp;
    cmp := primary (op primary)?; primary := '(' or ')' | literal | doc.<field>."""

    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.position = 0
        self.names: set[str] = set()
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ConditionError(_("The condition ends too early."))
        self.position += 1
        return token

    def accept(self, op: str) -> bool:
        if self.peek() == ("op", op):
            self.position += 1
            return True
        return False

    def expression(self) -> tuple:
        self.depth += 1
        if self.depth > 50:
            raise ConditionError(_("The condition is nested too deeply."))
        node = self.conjunction()
        while self.accept("||"):
            node = ("or", node, self.conjunction())
        self.depth -= 1
        return node

    def conjunction(self) -> tuple:
        node = self.negation()
        while self.accept("&&"):
            node = ("and", node, self.negation())
        return node

    def negation(self) -> tuple:
        if self.accept("!"):
            return ("not", self.negation())
        return self.comparison()

    def comparison(self) -> tuple:
        node = self.primary()
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in COMPARISONS:
            self.position += 1
            node = ("cmp", token[1], node, self.primary())
        return node

    def primary(self) -> tuple:
        kind, text = self.take()
        if (kind, text) == ("op", "("):
            node = self.expression()
            if not self.accept(")"):
                raise ConditionError(_("A “(” is not closed in the condition."))
            return node
        if kind == "string":
            return ("lit", _unquote(text))
        if kind == "number":
            return ("lit", float(text) if "." in text else int(text))
        if kind == "name":
            return self.reference(text)
        raise ConditionError(_("Unexpected “{text}” in the condition.").format(text=text))

    def reference(self, text: str) -> tuple:
        if text in LITERALS:
            return ("lit", LITERALS[text])
        parts = text.split(".")
        if self.peek() == ("op", "("):
            raise ConditionError(_("“{text}(...)”: conditions cannot call functions.").format(text=text))
        if parts[0] != "doc" or len(parts) != 2:
            raise ConditionError(_("“{text}”: a condition can only read doc.<field> (no other names or "
                                   "attributes).").format(
                text=text))
        self.names.add(parts[1])
        return ("ref", parts[1])


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "bad":
            raise ConditionError(_("“{text}” is not allowed in a condition.").format(text=match.group(kind)))
        if kind is not None:
            tokens.append((kind, match.group(kind)))
    if not tokens:
        raise ConditionError(_("The eval: condition is empty."))
    return tokens


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _eval(node: tuple, values: Mapping[str, Any]) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "ref":
        return normalize(values.get(node[1]))
    if kind == "not":
        return not _truthy(_eval(node[1], values))
    if kind == "and":
        return _truthy(_eval(node[1], values)) and _truthy(_eval(node[2], values))
    if kind == "or":
        return _truthy(_eval(node[1], values)) or _truthy(_eval(node[2], values))
    return _compare(node[1], _eval(node[2], values), _eval(node[3], values))


def normalize(value: Any) -> Any:
    """A form value as the page's script sees it: Check 1/0, numbers, dates as text, links by name."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(getattr(value, "pk", value))


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("==", "===", "!=", "!=="):
        equal = _equal(left, right)
        return equal if op in ("==", "===") else not equal
    a, b = _number(left), _number(right)
    if a is None or b is None:
        a, b = ("" if left is None else str(left)), ("" if right is None else str(right))
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _equal(left: Any, right: Any) -> bool:
    left, right = ("" if left is None else left), ("" if right is None else right)
    a, b = _number(left), _number(right)
    if a is not None and b is not None and (not isinstance(left, str) or not isinstance(right, str)):
        return a == b
    return str(left) == str(right)


def _truthy(value: Any) -> bool:
    return value not in (None, "", 0, False) and value == value  # noqa: PLR0124 - NaN is falsy, as in JS
