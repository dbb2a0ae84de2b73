"""``/api/schema/`` (the OpenAPI document a requester may use) and ``/api/docs/`` (Swagger UI over it).

Swagger UI comes from drf-spectacular-sidecar's static files (``drf_spectacular_sidecar``
in ``INSTALLED_APPS``), served like the project's other static files: no third-party
script runs on the API's origin, and the page works without internet. The page has no
inline script, so a ``script-src 'self'`` Content-Security-Policy allows it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.settings import patched_settings
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import patterns
from .schema import SETTINGS, FrappeSchemaGenerator, api_prefix
from .views import FrappeAPIMixin


def schema_patterns(prefix: str) -> list:
    """The API's URL patterns once each (v1 at ``prefix``, v2 under it), for the generator."""
    return [path(prefix.lstrip("/"), include(patterns.v1_patterns)), path(f"{prefix.lstrip('/')}v2/", include(patterns.v2_patterns))]


def generate_schema(request: Any = None) -> dict:
    """The OpenAPI 3 document of the API: all of it without a request, else what its user may use."""
    with patched_settings(SETTINGS):
        generator = FrappeSchemaGenerator(patterns=schema_patterns(api_prefix()))
        return generator.get_schema(request=request, public=request is None)


class PerRequesterView(APIView):
    """The API's authentication (API keys, the session), and answers no shared cache may keep."""

    schema = None
    authentication_classes = FrappeAPIMixin.authentication_classes
    throttle_classes = FrappeAPIMixin.throttle_classes
    permission_classes = [AllowAny]
    get_exception_handler = FrappeAPIMixin.get_exception_handler
    perform_authentication = FrappeAPIMixin.perform_authentication
    permission_denied = FrappeAPIMixin.permission_denied

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        # The document depends on who asks: never serve one user's copy to another.
        patch_vary_headers(response, ("Cookie", "Authorization"))
        patch_cache_control(response, private=True)
        return response


class SchemaView(PerRequesterView):
    """``GET /api/schema/``: the OpenAPI document as JSON, limited to what the requester may use."""

    renderer_classes = [JSONRenderer]

    def get(self, request: Any) -> Response:
        return Response(generate_schema(request))


class DocsView(PerRequesterView):
    """``GET /api/docs/``: Swagger UI over ``/api/schema/``, from the sidecar's static files."""

    def get(self, request: Any) -> HttpResponse:
        context = {"title": SETTINGS["TITLE"], "schema_url": f"{api_prefix()}schema/"}
        return TemplateResponse(request._request, "frappe_web/api_docs.html", context).render()
