"""``/api/...``: v1 at ``/api/`` and ``/api/v1/``, v2 at ``/api/v2/``, the schema and docs; JSON 404 for the rest.

The method and doctype routes are built in :mod:`.patterns`.
"""

from django.urls import include, path, re_path

from .docs import DocsView, SchemaView
from .patterns import v1_patterns, v2_patterns
from .views import NotFoundView

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
    path("v2/", include(v2_patterns)),
    path("v1/", include(v1_patterns)),
    path("", include(v1_patterns)),
    re_path(r"^(?P<path>[\s\S]*)$", NotFoundView.as_view(), name="api-not-found"),
]
