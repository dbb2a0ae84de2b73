"""Include last in the project's urls: ``path("", include("django_frappe_web.urls"))``."""

from django.urls import path

from . import views

app_name = "frappe_web"

urlpatterns = [
    path("<path:path>", views.serve, name="serve"),
    path("", views.serve, name="home"),
]
