from django.contrib import admin
from django.urls import include, path

from .testapp import views

# What fails outside the views (the session middleware saving a session) with the database down is a 503 too.
handler500 = "django_frappe_web.database_outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("probe/", views.probe),
    path("probe/async/", views.async_probe),
    path("probe/session/", views.session_probe),
    path("probe/throw/", views.throw),
    path("probe/permission/", views.permission),
    path("probe/redirect/", views.redirect),
    path("probe/message/", views.message),
    path("probe/message/async/", views.async_message),
    path("probe/msgprint/", views.msgprint),
    path("probe/messages/", views.show_messages),
    path("probe/rate/", views.rate_limited),
    path("probe/user-queries/", views.user_queries),
    path("", include("django_frappe_web.urls")),
]
