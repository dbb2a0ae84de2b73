from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("", include("django_frappe_web.urls")),
    path("shadowed/", lambda request: HttpResponse("never reached")),
]
