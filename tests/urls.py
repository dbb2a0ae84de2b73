from django.contrib import admin
from django.urls import include, path

from .testapp import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("probe/", views.probe, name="probe"),
    path("probe/async/", views.async_probe, name="async-probe"),
    path("", include("django_frappe_web.urls")),
]
