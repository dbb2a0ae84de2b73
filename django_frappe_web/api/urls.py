"""``/api/...``: v1 at ``/api/`` and ``/api/v1/``, v2 at ``/api/v2/``, the schema and docs; JSON 404 for the rest.

The doctype routes are built from the registry when the URLconf is first loaded
(after every app's ``doctypes.py`` has been imported).
"""

from django.urls import include, path, re_path

from ..doctypes import site
from .docs import DocsView, SchemaView
from .routers import DocTypeRouter
from .views import MethodV2View, MethodView, NotFoundView
from .viewsets import DocTypeInfoViewSet, DocumentViewSet, ResourceViewSet

METHOD_PATTERN = r"^method/(?P<method>[^\n]+)$"


def _v1_patterns() -> list:
    router = DocTypeRouter()
    router.register_doctypes(site, "resource", ResourceViewSet)
    return [re_path(METHOD_PATTERN, MethodView.as_view(), name="api-method"), *router.urls]


def _v2_patterns() -> list:
    router = DocTypeRouter()
    router.register_doctypes(site, "document", DocumentViewSet)
    router.register_doctypes(site, "doctype", DocTypeInfoViewSet)
    return [re_path(METHOD_PATTERN, MethodV2View.as_view(), name="api-v2-method"), *router.urls]


v1_patterns = _v1_patterns()
v2_patterns = _v2_patterns()

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
    path("v2/", include(v2_patterns)),
    path("v1/", include(v1_patterns)),
    path("", include(v1_patterns)),
    re_path(r"^(?P<path>[\s\S]*)$", NotFoundView.as_view(), name="api-not-found"),
]
