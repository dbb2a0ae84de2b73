"""Who may do what: Django's model permissions per doctype, and ``allow_guest`` for whitelisted methods."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

PTYPES = {"GET": "read", "HEAD": "read", "OPTIONS": "read", "POST": "create", "PUT": "write", "PATCH": "write",
          "DELETE": "delete"}


class DocTypePermissions(permissions.DjangoModelPermissions):
    """Django's model permissions, with reading needing ``view`` (DRF lets anyone authenticated read).

    Superusers may do anything. Reading an ``allow_guest_to_view`` doctype needs no
    permission at all: the rows are then limited to published ones (see
    :meth:`DocType.get_permitted_queryset`), for guests and logged-in users alike.
    ``read_only`` doctypes refuse every write.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Any, view: Any) -> bool:
        doctype = view.doctype
        ptype = PTYPES.get(request.method, "write")
        if ptype != "read" and doctype.read_only:
            return False
        if ptype == "read" and doctype.allow_guest_to_view:
            return True
        return request.user.is_authenticated and super().has_permission(request, view)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return view.doctype.has_permission(PTYPES.get(request.method, "write"), request.user, doc=obj)


class WhitelistPermission(permissions.BasePermission):
    """A whitelisted function without ``allow_guest`` needs a logged-in user (Frappe: 403 "Not permitted")."""

    message = "Not permitted"

    def has_permission(self, request: Any, view: Any) -> bool:
        return view.whitelisted.allow_guest or request.user.is_authenticated

