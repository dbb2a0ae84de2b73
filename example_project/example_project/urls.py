from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("django_frappe_web.urls")),  # last: /api/... and the website catch-all
]
