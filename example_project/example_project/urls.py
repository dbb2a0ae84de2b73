from django.contrib import admin
from django.urls import include, path

# A database that cannot be reached is a 503 with Retry-After, also outside the views (docs/deployment.md).
handler500 = "django_frappe_web.database_outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("django_frappe_web.urls")),  # last: /api/... and the website catch-all
]
