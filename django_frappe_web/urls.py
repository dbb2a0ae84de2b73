"""Include last in the project's urls: ``path("", include("django_frappe_web.urls"))``.

Fixed routes first (login, logout, sitemap, robots), then the website catch-all.
"""

from django.urls import path, re_path

from . import views

app_name = "frappe_web"

urlpatterns = [
    path("login", views.login, name="login"),
    path("logout", views.logout, name="logout"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    re_path(r"^(?P<path>.*)$", views.serve, name="serve"),
]
