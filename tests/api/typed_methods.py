"""Whitelisted functions with every kind of annotation, for the OpenAPI and TypeScript tests.

Registered when this module is imported (the schema tests import it).
"""

import datetime
import enum
import functools
from typing import Any, Literal, Optional, TypedDict, Union

from django.http import HttpResponse

from django_frappe_web import frappe


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Totals(TypedDict):
    count: int
    label: str


@frappe.whitelist(allow_guest=True, methods=["GET"])
def search(query: str, limit: int = 20, ratio: float = 0.5, exact: bool = False, tags: list[str] | None = None,
           weights: dict[str, int] | None = None, order: Literal["asc", "desc"] = "asc",
           since: datetime.date | None = None, anything=None) -> list[dict[str, Any]]:
    """Search the notes.

    Finds the notes whose title contains ``query``, ``limit`` at most.
    """
    return [{"query": query, "limit": limit}]


@frappe.whitelist(methods=["POST", "PUT"])
def totals(by: Optional[str] = None, mode: Union[int, str] = 1,  # noqa: UP007, UP045 - typing's spellings too
           flags: tuple[int, int] = (0, 1)) -> Totals:
    return {"count": 1, "label": str(by)}


@frappe.whitelist()
def exotic(a: "NoSuchType", b: "int", *args, c: "list[Undefined]" = None, d: "1/0" = 1,  # noqa: F821
           e: object = object(), f: Literal[b"raw"] = b"raw", g: Color = Color.RED,
           **kwargs) -> "Missing":  # noqa: F821
    """Annotations no schema can read, *args and **kwargs: none of it may break the document."""
    return None


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
@frappe.whitelist(allow_guest=True, methods=["POST"])
def wrapped(count: int, labels: frozenset[str] = frozenset()) -> Optional[int]:  # noqa: UP045
    """A decorator above @whitelist keeps the function's signature (functools.wraps)."""
    return count


@frappe.whitelist(methods=["GET"])
def own_response() -> HttpResponse:
    return HttpResponse("plain", content_type="text/plain")
