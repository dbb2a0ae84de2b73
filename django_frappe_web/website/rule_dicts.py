"""What website rules (redirects, route rules) share: their dict form and the ordered list of them.

Both kinds are written as dicts with a fixed set of keys; they are checked here, one way, so that a
typo in a key is refused with the same kind of message whichever rule it is in. Both resolvers
hold their rules in list order (the first match wins) in a :class:`RuleList`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["RuleList", "check_rule_dict", "origin_note"]

R = TypeVar("R")


def origin_note(origin: str) -> str:
    """``" (hooks:shop)"`` to end a message about a rule from ``origin``; nothing without one."""
    return f" ({origin})" if origin else ""


def check_rule_dict(
    data: Any, *, kind: str, keys: Collection[str], required: tuple[str, ...], origin: str, code: str
) -> None:
    """Refuse ``data`` unless it is a dict of known ``keys`` holding every ``required`` one.

    ``kind`` names the rule in messages (``"redirect"``, ``"route rule"``); ``code`` is the
    ``ValidationError`` code.
    """
    where = origin_note(origin)
    if not isinstance(data, Mapping):
        raise ValidationError(_("A {kind} must be a dict, not {type}{where}.").format(
            kind=kind, type=type(data).__name__, where=where), code=code)
    unknown = sorted(str(k) for k in data if k not in keys)
    if unknown:
        raise ValidationError(
            _("Unknown {kind} key(s) {unknown}{where}; allowed: {keys}.").format(
                kind=kind, unknown=', '.join(unknown), where=where, keys=', '.join(sorted(keys))), code=code
        )
    missing = [k for k in required if k not in data]
    if missing:
        raise ValidationError(_("{kind} is missing {missing}{where}.").format(
            kind=kind.capitalize(), missing=', '.join(missing), where=where), code=code)


class RuleList(Generic[R]):
    """An ordered, immutable tuple of rules of one ``rule_type``; a resolver's base."""

    rule_type: ClassVar[type]

    def __init__(self, rules: Iterable[R]):
        self.rules: tuple[R, ...] = tuple(rules)
        for rule in self.rules:
            if not isinstance(rule, self.rule_type):
                raise TypeError(
                    f"{type(self).__name__} takes {self.rule_type.__name__} objects, not {type(rule).__name__}"
                )

    def __len__(self) -> int:
        return len(self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)
