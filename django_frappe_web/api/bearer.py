"""``Authorization: Bearer <token>``: OAuth2 access tokens of django-oauth-toolkit (the ``[oauth]`` extra).

Listed in ``FRAPPE_WEB["API_AUTHENTICATION_CLASSES"]`` (docs/api.md), with ``oauth2_provider`` in
``INSTALLED_APPS``. This is the only module that imports django-oauth-toolkit, and nothing imports
it but that setting: without the extra the package works as before, and a setting that names this
class without it is the system check ``django_frappe_web.E007``.

* Another scheme (``token``, ``Basic``) is left to the other classes.
* A malformed header, an unknown, expired or revoked token, a token of a disabled application or
  of an inactive user: 401 (``AuthenticationError``) with ``WWW-Authenticate: Bearer ...
  error="invalid_token"``. Never a guest: a client that sent a token wants to know it failed.
* Scope, as django-oauth-toolkit's ``TokenHasReadWriteScope``: ``READ_SCOPE`` (``read``) for GET,
  HEAD and OPTIONS, ``WRITE_SCOPE`` (``write``) for the other verbs; a token without it: 403.
  A GET of a function that changes state (``changes_state``) needs ``write`` too: the request
  carries the refusal (:data:`~.method_verbs.READ_ONLY_CREDENTIALS`) for the verb check to give.
* Who the request is: the token's user; a client-credentials token has none and acts as its
  application's user (the application's owner in django-oauth-toolkit's admin).
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

if not apps.is_installed("oauth2_provider"):  # its models cannot load: say why rather than fail later
    raise ImportError("django-oauth-toolkit's app 'oauth2_provider' is not in INSTALLED_APPS")

from drf_spectacular.extensions import OpenApiAuthenticationExtension  # noqa: E402 - after the check above
from oauth2_provider.settings import oauth2_settings  # noqa: E402
from oauthlib.common import Request as OAuthRequest  # noqa: E402
from rest_framework import authentication, exceptions  # noqa: E402

from .method_verbs import READ_ONLY_CREDENTIALS  # noqa: E402

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# RFC 6750's b64token: what a token may look like on the wire.
B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """DRF authentication by a django-oauth-toolkit access token; see the module's docstring."""

    www_authenticate_realm = "api"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        scheme, token = ([*request.META.get("HTTP_AUTHORIZATION", "").split(None, 1), "", ""])[:2]
        if scheme.lower() != "bearer":
            return None
        if not B64TOKEN.fullmatch(token.strip()):
            self.fail(request, "Invalid bearer token: the Authorization header must be 'Bearer <token>'.")
        access_token = self.validate(request, token.strip())
        user = access_token.user or access_token.application.user
        if user is None or not user.is_active:
            self.fail(request, "The user of this access token is inactive or deleted.")
        needed = oauth2_settings.READ_SCOPE if request.method in READ_METHODS else oauth2_settings.WRITE_SCOPE
        if not access_token.allow_scopes([needed]):
            request.oauth2_error = {"error": "insufficient_scope", "scope": needed}
            raise exceptions.PermissionDenied(_("This access token's scope does not include '{needed}', which {method} "
                                                "requests need.").format(
                needed=needed, method=request.method))
        if not access_token.allow_scopes([oauth2_settings.WRITE_SCOPE]):
            setattr(request._request, READ_ONLY_CREDENTIALS,
                    f"This access token's scope does not include '{oauth2_settings.WRITE_SCOPE}', which a "
                    "function that changes state needs, also with GET.")
        return user, access_token

    def validate(self, request: Any, token: str) -> Any:
        """The live access token, by django-oauth-toolkit's validator (its checks, its introspection)."""
        validator = oauth2_settings.OAUTH2_VALIDATOR_CLASS()
        # Only what the validator reads: the URI (audience-restricted tokens) and the header.
        # Never the body: frappe.form_dict reads it after authentication.
        core = OAuthRequest(request._request.build_absolute_uri(request._request.path), http_method=request.method,
                            headers={"Authorization": f"Bearer {token}"})
        if not validator.validate_bearer_token(token, [], core):
            error = getattr(core, "oauth2_error", None) or {}
            self.fail(request, str(error.get("error_description") or "The access token is invalid."))
        return core.access_token

    def fail(self, request: Any, message: str) -> None:
        request.oauth2_error = {"error": "invalid_token", "error_description": message}
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request: Any) -> str:
        """RFC 6750's challenge: ``Bearer realm="api", error="invalid_token", error_description="..."``."""
        attributes = {"realm": self.www_authenticate_realm, **getattr(request, "oauth2_error", {})}
        return "Bearer " + ", ".join(f'{key}="{_quoted(value)}"' for key, value in attributes.items())


def _quoted(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"')


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The scheme in ``/api/schema/`` (registered by being defined: only when a project lists the class)."""

    target_class = "django_frappe_web.api.bearer.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {"type": "http", "scheme": "bearer",
                "description": "An OAuth2 access token of django-oauth-toolkit: scope 'read' for GET, HEAD and "
                               "OPTIONS, 'write' for the other methods; no CSRF token needed."}
