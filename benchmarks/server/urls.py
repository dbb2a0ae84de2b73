"""Each side's URLconf (``BENCH_SIDE``, see settings.py); every side answers the harness's readiness
probe ``/api/method/ping`` (ours through /api, the peers with a plain view)."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.generic import TemplateView

CACHE_SECONDS = 1800  # as the package's PAGE_CACHE_TIMEOUT


def ping(request):
    return JsonResponse({"message": "pong"})


def _ours() -> list:
    return [path("", include("django_frappe_web.urls"))]


def _wagtail() -> list:
    from wagtail import urls as wagtail_urls
    from wagtail import views as wagtail_views

    return [
        path("api/method/ping", ping),
        re_path(r"^cached/(?P<path>.*)$", cache_page(CACHE_SECONDS)(wagtail_views.serve)),
        path("", include(wagtail_urls)),
    ]


def _django() -> list:
    page = TemplateView.as_view(template_name="bench_server/guest_page.html", extra_context={"title": "Guest page"})
    return [
        path("api/method/ping", ping),
        path("guest-page/", page),
        path("cached/guest-page/", cache_page(CACHE_SECONDS)(page)),
        # The REST list's ceiling: the in-process API benchmark's DRF viewsets (ModelViewSet with
        # LimitOffsetPagination at articles/, the same without its COUNT(*) at articles-nocount/).
        path("", include("benchmarks.bench_api")),
    ]


urlpatterns = {"ours": _ours, "ours-cold": _ours, "wagtail": _wagtail, "django": _django}[settings.SIDE]()
