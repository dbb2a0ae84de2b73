"""Who is calling: an API key (``token`` / ``Basic``) or the Django session.

Order matters: :class:`APIKeyAuthentication` comes first, so a request that carries
a key is authenticated by it and never asked for a CSRF token, even when the
browser also sends a session cookie.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .. import api_keys
from ..exceptions import AuthenticationError, CSRFTokenError

FRAPPE_CSRF_HEADER = "HTTP_X_FRAPPE_CSRF_TOKEN"


class APIKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: token <api_key>:<api_secret>`` or ``Basic base64(<api_key>:<api_secret>)``.

    A DRF adapter over :func:`django_frappe_web.api_keys.authenticate_header`: other schemes
    are left to the next authentication class; a bad key or secret is a 401.
    """

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        try:
            return api_keys.authenticate_header(request.META.get("HTTP_AUTHORIZATION"))
        except AuthenticationError as exc:
            raise exceptions.AuthenticationFailed(exc.message) from None

    def authenticate_header(self, request: Any) -> str:
        return 'Token realm="api"'


class FrappeSessionAuthentication(authentication.SessionAuthentication):
    """Django's session, with the CSRF token accepted from ``X-Frappe-CSRF-Token`` too.

    A failed check is Frappe's ``CSRFTokenError`` (400). The check runs on Django's own request object: DRF's request would parse (and
    consume) the body to look for a form token, and ``frappe.form_dict`` reads the
    body after authentication.
    """

    def enforce_csrf(self, request: Any) -> None:
        django_request = request._request
        frappe_token = django_request.META.get(FRAPPE_CSRF_HEADER)
        if frappe_token and settings.CSRF_HEADER_NAME not in django_request.META:
            django_request.META[settings.CSRF_HEADER_NAME] = frappe_token
        try:
            super().enforce_csrf(django_request)
        except exceptions.PermissionDenied as exc:
            raise CSRFTokenError(_("Invalid request: {detail}").format(detail=exc.detail)) from None
