from django.apps import apps
from django.contrib import admin
from django.urls import include, path

# A database that cannot be reached is a 503 with Retry-After, also outside the views (docs/deployment.md).
handler500 = "django_frappe_web.database_outage.server_error"

# OAuth2 (django-oauth-toolkit, when installed): /o/authorize/, /o/token/, /o/revoke_token/, /o/introspect/.
oauth = [path("o/", include("oauth2_provider.urls", namespace="oauth2_provider"))] if apps.is_installed(
    "oauth2_provider") else []

urlpatterns = [
    path("admin/", admin.site.urls),
    *oauth,
    path("", include("django_frappe_web.urls")),  # last: /api/... and the website catch-all
]
