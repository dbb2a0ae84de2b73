"""A URLconf serving ``cmd_view`` at the root, as ``django_frappe_web.urls`` would for a ``cmd`` argument."""

from django.urls import path

from django_frappe_web.api.views import cmd_view

urlpatterns = [path("", cmd_view)]
