from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView

from django_frappe_web import frappe


class BenchTemplateView(TemplateView):
    """The plain-Django baseline: the same template content, extending the same base template."""

    template_name = "bench/page.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "items": range(20), "title": "Benchmark page"}


def trivial(request):
    return HttpResponse("ok")


def reads_user(request):
    return HttpResponse(frappe.session.user)


def reads_django_user(request):
    return HttpResponse(request.user.get_username() or "Guest")


urlpatterns = [
    path("bench/django-user/", reads_django_user),
    path("bench/trivial/", trivial),
    path("bench/user/", reads_user),
    path("bench/template/", BenchTemplateView.as_view()),
    path("bench/cached-template/", cache_page(1800)(BenchTemplateView.as_view())),
    path("", include("django_frappe_web.urls")),
]
