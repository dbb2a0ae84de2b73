"""Document methods: a model's ``@frappe.whitelist()`` methods, called on one document.

As a Frappe controller's methods, a model's methods marked ``@frappe.whitelist()`` may be called
on one document of its doctype -- through ``run_doc_method``, v1's ``?run_method=`` and v2's
``/method/<name>`` (:mod:`.api.document_methods`) -- and only that way: ``/api/method`` never
resolves a path to a method of a class. A submittable doctype adds ``submit`` and ``cancel``
(:class:`~django_frappe_web.document.Document`'s own).

Only public names count: a name starting with ``_`` is never a document method, whitelisted
or not. The permission a call needs is the document's ``read`` for a method that may be read
with GET, ``write`` for one that changes state (:func:`required_ptype`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from .doctypes import DocType, get_doctype_for_model
from .document import Document
from .exceptions import PermissionError, ValidationError
from .whitelist import WhitelistedMethod, whitelisted_entry

STANDARD_METHODS = ("submit", "cancel")  # Document's own, on submittable doctypes


def document_methods(meta: DocType) -> dict[str, WhitelistedMethod]:
    """The methods callable on a document of ``meta``, by name (the model's override Document's own)."""
    methods = {}
    if meta.is_submittable:
        methods = {name: whitelisted_entry(getattr(Document, name)) for name in STANDARD_METHODS}
    methods.update(_model_methods(meta.model))
    return methods


@functools.cache  # one entry per model class: a bounded set
def _model_methods(model: type[models.Model]) -> dict[str, WhitelistedMethod]:
    found = {}
    for name in dir(model):
        if name.startswith("_"):
            continue
        attribute = inspect.getattr_static(model, name, None)  # no descriptor runs (managers, properties)
        if inspect.isfunction(attribute):
            entry = whitelisted_entry(attribute)
            if entry is not None:
                found[name] = entry
    return found


def get_document_method(meta: DocType, name: Any) -> WhitelistedMethod:
    """The whitelisted method ``name`` of ``meta``'s documents, else ``PermissionError`` (403)."""
    entry = document_methods(meta).get(name) if isinstance(name, str) else None
    if entry is None:
        raise PermissionError(_("Method {name!r} is not whitelisted for {doctype}").format(
            name=str(name)[:140], doctype=meta.name))
    return entry


def check_caller(entry: WhitelistedMethod, user: Any) -> None:
    """A guest may call only a method whitelisted with ``allow_guest=True`` (and still needs the document's permission)."""
    if not entry.allow_guest and not getattr(user, "is_authenticated", False):
        raise PermissionError(_("Not permitted"))


def required_ptype(entry: WhitelistedMethod, verb: str | None = None) -> str:
    """``read`` for a method that may be read with GET, ``write`` for one that changes state.

    ``verb`` (v1 and v2's document routes, as Frappe checks them): a POST there needs ``write``
    whatever the method declares.
    """
    return "write" if entry.changes_state or verb not in (None, "GET") else "read"


def run_document_method(doc: Document, name: str, kwargs: dict[str, Any] | None = None, *, args: Any = None) -> Any:
    """Call the document method ``name`` on ``doc`` in a transaction (a method that raises leaves no write).

    ``kwargs`` go to the parameters of the same names (all of them with ``**kwargs``). ``args`` is
    Frappe's ``run_doc_method`` argument: an object spread as keyword arguments, or, when it is not
    an object or the method has an ``args`` parameter, given whole as the first argument. A
    document returned (a :class:`Document`, or a registered model's instance) is sent as its dict.
    """
    bound = getattr(doc.instance, name) if name in _model_methods(doc.meta.model) else getattr(doc, name)
    positional, keywords = _bind(bound, name, kwargs or {}, args)
    with transaction.atomic():
        result = bound(*positional, **keywords)
    return _as_data(result)


def _as_data(result: Any) -> Any:
    """A document returned (a ``Document``, or an instance of a registered model) as its dict, as Frappe sends it."""
    if isinstance(result, models.Model) and get_doctype_for_model(type(result)) is not None:
        result = Document(get_doctype_for_model(type(result)), result)
    return result.as_dict() if isinstance(result, Document) else result


def _bind(bound: Callable[..., Any], name: str, kwargs: dict[str, Any], args: Any) -> tuple[tuple, dict]:
    signature = inspect.signature(bound)
    parameters = signature.parameters
    if not parameters:
        return (), {}
    if args is not None and (not isinstance(args, dict) or "args" in parameters):
        positional, given = (args,), {}
    else:
        positional, given = (), (args if args is not None else kwargs)
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        given = {key: value for key, value in given.items() if key in parameters}
    try:
        signature.bind(*positional, **given)
    except TypeError as exc:
        raise ValidationError(_("{name}: {exc}").format(name=name, exc=exc)) from None
    return positional, dict(given)
