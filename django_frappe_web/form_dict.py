"""``frappe.form_dict``: the request's arguments, merged the way Frappe merges them.

* A JSON body (``Content-Type: application/json`` with a non-empty body) is used
  alone: a JSON object is the arguments, a JSON list becomes ``data`` (as in Frappe);
  anything else is refused.
* Otherwise the query-string arguments, updated by the form fields of the body
  (also of a PUT, PATCH or DELETE, as werkzeug reads them).
* A key given several times keeps its first value (Frappe reads werkzeug's
  MultiDict the same way); jQuery's cache-buster ``_`` is dropped.

Input is checked once, here (see :mod:`.json_input`): a body that is not UTF-8 or JSON,
too deeply nested, or any text with a lone surrogate is a 417 before any code sees it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from .exceptions import ValidationError
from .json_input import check_text, parse_json
from .utils import _dict


def build_form_dict(request: HttpRequest | None) -> _dict:
    if request is None:
        return _dict()
    if _is_json(request):
        args = _json_args(request)
    else:
        args = _checked({**_first_values(request.GET), **_form_values(request)})
    args.pop("_", None)
    return _dict(args)


def _is_json(request: HttpRequest) -> bool:
    return "application/json" in (request.content_type or "") and bool(_body(request))


def _body(request: HttpRequest) -> bytes:
    try:
        return request.body
    except RawPostDataException:
        # The body stream was already consumed as form data: there is no JSON to read.
        return b""


def _json_args(request: HttpRequest) -> dict[str, Any]:
    parsed = parse_json(_body(request), "the request body")
    if isinstance(parsed, list):
        return {"data": parsed}  # Frappe: a list body is form_dict.data (e.g. several documents)
    if not isinstance(parsed, dict):
        raise ValidationError(_("The request body must be a JSON object or list, not {type}").format(
            type=type(parsed).__name__))
    return parsed


def _checked(args: dict[str, Any]) -> dict[str, Any]:
    """Query and form arguments, refused if a name or text value holds a lone surrogate.

    Django decodes them with replacement characters, so none should; checking here keeps
    the rule in one place whatever decoded them (another request class, a test).
    """
    for key, value in args.items():
        check_text(key, "an argument name")
        if isinstance(value, str):
            check_text(value, f"the argument {key[:80]!r}")
    return args


def _first_values(querydict: Any) -> dict[str, Any]:
    return {key: values[0] if values else None for key, values in querydict.lists()}


def _form_values(request: HttpRequest) -> dict[str, Any]:
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return {}
    if request.method != "POST" and request.content_type == "application/x-www-form-urlencoded":
        # Django parses form bodies of POSTs only; Frappe (werkzeug) reads them for every method
        # (frappe-client sends PUT data=<json> as a form).
        return _first_values(QueryDict(_body(request), encoding=request.encoding))
    try:
        return _first_values(request.POST)
    except MultiPartParserError as exc:
        raise ValidationError(_("The form data could not be read: {exc}").format(exc=exc)) from None
