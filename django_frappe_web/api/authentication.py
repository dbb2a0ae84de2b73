"""Who is calling: an API key (``token`` / ``Basic``) or the Django session.

Order matters: :class:`APIKeyAuthentication` comes first, so a request that carries
a key is authenticated by it and never asked for a CSRF token, even when the
browser also sends a session cookie.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings
from rest_framework import authentication, exceptions

from ..exceptions import CSRFTokenError
from . import keys

FRAPPE_CSRF_HEADER = "HTTP_X_FRAPPE_CSRF_TOKEN"


class APIKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: token <api_key>:<api_secret>`` or ``Basic base64(<api_key>:<api_secret>)``.

    Other schemes are left to the next authentication class. A key that is
    unknown, disabled, or paired with the wrong secret is a 401.
    """

    keyword = "token"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = request.META.get("HTTP_AUTHORIZATION")
        if not header:
            return None
        scheme, _, credentials = header.strip().partition(" ")
        scheme = scheme.lower()
        if scheme == self.keyword:
            pair = credentials.strip()
        elif scheme == "basic":
            pair = _decode_basic(credentials.strip())
        else:
            return None
        api_key, separator, api_secret = pair.partition(":")
        if not (separator and api_key and api_secret):
            raise exceptions.AuthenticationFailed("Invalid authorization header: expected <api_key>:<api_secret>")
        row = keys.authenticate(api_key, api_secret)
        if row is None or not row.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid API key or secret")
        return row.user, row

    def authenticate_header(self, request: Any) -> str:
        return 'Token realm="api"'


def _decode_basic(credentials: str) -> str:
    try:
        return base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise exceptions.AuthenticationFailed("Invalid basic authorization header") from None


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
            raise CSRFTokenError(f"Invalid request: {exc.detail}") from None
