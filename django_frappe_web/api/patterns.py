"""The API's method and doctype URL patterns (v1 and v2), built once from the doctype registry.

Built when first imported, by the URLconf (after every app's ``doctypes.py`` has been
imported); the schema generator walks the same patterns.
"""

from django.urls import re_path

from ..doctypes import site
from .routers import DocTypeRouter
from .views import MethodV2View, MethodView
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
