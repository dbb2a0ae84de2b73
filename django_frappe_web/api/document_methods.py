"""Document methods over HTTP (:mod:`django_frappe_web.doc_methods`), at Frappe's three addresses.

* ``/api/method/run_doc_method`` (and ``runserverobj``, ``frappe.handler.run_doc_method``):
  ``dt`` + ``dn`` (or ``docs``, a saved document as JSON), ``method``, ``args`` (a JSON object of
  arguments); the result in ``message`` and the document after the call in ``docs``, as
  frappe-ui's ``createDocumentResource({whitelistedMethods})`` reads them.
* v1 ``GET|POST /api/resource/<DocType>/<name>?run_method=<m>``: the other arguments are the
  method's; the result in ``data``, as Frappe's v1 sends it.
* v2 ``GET|POST /api/v2/document/<DocType>/<name>/method/<m>``: the result in ``data``, the
  document in ``docs``.

A GET needs the document's ``read`` permission for a method that GET may call, ``write`` for one
that changes state; a POST needs ``write`` whatever the method (Frappe's rule on the REST routes,
here on ``run_doc_method`` too, as a model's ``save()`` checks nothing), and so do field values
sent in ``docs``. The verb must be one the method is whitelisted for (405).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..doc_methods import check_caller, get_document_method, required_ptype, run_document_method
from ..doctypes import DocType, get_doctype
from ..document import Document
from ..exceptions import ValidationError
from ..local import get_local
from ..whitelist import WhitelistedMethod, alias, whitelist
from .client import _check, _get_document, _json
from .exceptions import V2
from .method_verbs import check_verb, request_verb
from .serializers import serialized, serializer_class_for

# Arguments of the request that are not the method's.
NOT_ARGUMENTS = frozenset({"run_method", "cmd", "csrfmiddlewaretoken", "csrf_token"})


def _target(dt: Any, dn: Any, docs: Any) -> tuple[DocType, Any, dict | None]:
    """What ``run_doc_method`` acts on: the doctype, the document's name, and -- given as ``docs``,
    a saved document as JSON -- the values to apply to it in memory only."""
    if dt is None and docs is None:
        raise ValidationError(_("run_doc_method needs dt and dn, or docs"))
    data = _json(docs, "docs") if dt is None else {"doctype": dt, "name": dn}
    if not isinstance(data, dict) or not isinstance(data.get("doctype"), str):
        raise ValidationError(_("docs must be a JSON object with the document's doctype and name"))
    meta = get_doctype(data["doctype"])
    if data.get("name") in (None, ""):
        # Frappe would run the method on an unsaved document (or a single's, named after its doctype).
        raise ValidationError(_("run_doc_method needs the name of a saved {doctype} (dn, or docs.name)").format(
            doctype=meta.name))
    return meta, data["name"], data if dt is None else None


def _checked_verb(entry: WhitelistedMethod) -> str | None:
    """The request's verb, once it is one ``entry`` answers (``None`` when called without a request)."""
    request = get_local().request
    if request is None:
        return None
    check_verb(entry, request)
    return request_verb(request.method)


@whitelist(allow_guest=True, methods=["GET", "POST"])  # a guest reaches only allow_guest methods
def run_doc_method(method: str, docs: Any = None, dt: Any = None, dn: Any = None, arg: Any = None,
                   args: Any = None) -> Any:
    """Call a whitelisted method of one document (Frappe's ``frappe.handler.run_doc_method``).

    ``args`` is a JSON object of the method's arguments (a method with an ``args`` parameter, or
    ``args`` that is not an object, gets it whole). The document after the call goes in ``docs``.
    """
    meta, name, values = _target(dt, dn, docs)
    _check(meta, "read")  # before the method is looked up: a refused caller learns nothing of the model's methods
    entry = get_document_method(meta, method)
    check_caller(entry, get_local().user)
    verb = _checked_verb(entry)
    changes = serializer_class_for(meta)().to_internal_value(values) if values is not None else {}
    # Values sent are the caller's changes, which the method may save (a model's save checks nothing): write.
    ptype = "write" if changes else required_ptype(entry, verb)
    doc = _get_document(meta, name, ptype)  # the doctype's permission before the lookup
    doc.update(changes)
    given = _json(args if args not in (None, "") else arg, "args")
    result = run_document_method(doc, method, args=given)
    get_local().response["docs"] = [serialized(meta, doc.instance)]
    return result


alias("run_doc_method", run_doc_method)
alias("runserverobj", run_doc_method)  # Frappe's older name for it
alias("frappe.handler.run_doc_method", run_doc_method)


class DocumentMethodCall:
    """What v1's ``?run_method=`` and v2's ``/method/<name>`` share, on a doctype's viewset (before its base).

    The method is known before the permission classes run: ``required_ptype`` is what
    :class:`~.permissions.DocTypePermissions` then asks the document for.
    """

    doctype: DocType
    document_method: WhitelistedMethod | None = None
    required_ptype: str | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        name = self.document_method_name()
        if name is not None:
            # Who asks comes first (a bad key is a 401 whatever the method), then whether they may
            # read the doctype at all: only then is the method looked up, so a refused caller
            # learns nothing of the model's methods.
            self.perform_authentication(request)
            _check(self.doctype, "read")
            self.document_method = get_document_method(self.doctype, name)
            self.required_ptype = required_ptype(self.document_method, request_verb(request.method))
        super().initial(request, *args, **kwargs)
        if self.document_method is not None:
            check_caller(self.document_method, request.user)
            check_verb(self.document_method, request)

    def document_method_name(self) -> str | None:
        """v2's ``/method/<name>``, or v1's ``run_method`` argument on a document's GET or POST."""
        if self.action == "call_method":
            return self.kwargs.get("method")
        if self.action in ("retrieve", "run_method") and self.api_version != V2:
            return get_local().form_dict.get("run_method")
        return None

    def call_document_method(self) -> Response:
        doc = Document(self.doctype, self.get_object())
        values = {key: value for key, value in get_local().form_dict.items() if key not in NOT_ARGUMENTS}
        result = run_document_method(doc, self.document_method_name(), values)
        if self.api_version == V2:
            get_local().response["docs"] = [serialized(self.doctype, doc.instance)]
        return Response({} if result is None else {"data": result})


class RunMethodMixin(DocumentMethodCall):
    """v1: ``GET|POST /api/resource/<DocType>/<name>?run_method=<m>`` (the other arguments are the method's)."""

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One document; with ``?run_method=<m>``, a whitelisted method of it called instead."""
        if self.document_method is not None:
            return self.call_document_method()
        return super().retrieve(request, *args, **kwargs)

    def run_method(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Call a whitelisted method of the document (``?run_method=<m>``); the result in ``data``."""
        if self.document_method is None:
            raise ValidationError(_("A POST to a document needs run_method=<method>"))
        return self.call_document_method()


class MethodActionMixin(DocumentMethodCall):
    """v2: ``GET|POST /api/v2/document/<DocType>/<name>/method/<m>``."""

    @action(detail=True, methods=["get", "post"], url_path=r"method/(?P<method>[^/]+)")
    def call_method(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Call a whitelisted method of the document; the result in ``data``, the document in ``docs``."""
        return self.call_document_method()
