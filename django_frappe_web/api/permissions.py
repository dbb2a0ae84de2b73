"""Who may do what: Django's model permissions per doctype, and ``allow_guest`` for whitelisted methods.

Both are in ``FRAPPE_WEB["API_PERMISSION_CLASSES"]`` for every API view; each judges only the
views it concerns (those with a ``doctype``, those with a ``whitelisted`` function).
"""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

from ..translate import _lt

PTYPES = {"GET": "read", "HEAD": "read", "OPTIONS": "read", "POST": "create", "PUT": "write", "PATCH": "write",
          "DELETE": "delete"}


class DocTypePermissions(permissions.BasePermission):
    """A doctype's view asks the doctype: :meth:`DocType.has_permission` for the request's verb.

    That is Django's model permissions with reading needing ``view`` (DRF's
    ``DjangoModelPermissions`` lets anyone authenticated read), superusers allowed
    everything, ``allow_guest_to_view`` doctypes readable by all (the rows then limited to
    published ones, see :meth:`DocType.get_permitted_queryset`) and ``read_only`` doctypes
    refusing every write.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        doctype = getattr(view, "doctype", None)
        if doctype is None:  # not a doctype's view: another class of API_PERMISSION_CLASSES decides
            return True
        return doctype.has_permission(request_ptype(request, view), request.user)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if getattr(view, "doctype", None) is None:
            return True
        return view.doctype.has_permission(request_ptype(request, view), request.user, doc=obj)


def request_ptype(request: Any, view: Any) -> str:
    """The request verb's permission, unless the view knows better (a document method's ``read`` or ``write``,
    a bulk action's ``delete`` or ``write``)."""
    return getattr(view, "required_ptype", None) or PTYPES.get(request.method, "write")


class WhitelistPermission(permissions.BasePermission):
    """A whitelisted function without ``allow_guest`` needs a logged-in user (Frappe: 403 "Not permitted")."""

    message = _lt("Not permitted")

    def has_permission(self, request: Any, view: Any) -> bool:
        whitelisted = getattr(view, "whitelisted", None)
        if whitelisted is None:  # not a whitelisted method's view
            return True
        return whitelisted.allow_guest or request.user.is_authenticated

