"""A URLconf with Django's ``i18n_patterns``: the language prefix of the path names the language."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

urlpatterns = i18n_patterns(path("hello", lambda request: HttpResponse("hello")))
