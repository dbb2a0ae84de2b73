"""The REST list's ceiling: hand-written DRF ``ModelViewSet``s over the same ``Article`` rows.

``/articles/`` is what a DRF user writes (``LimitOffsetPagination``, which runs ``COUNT(*)``);
``/articles-nocount/`` is the same viewset paging like our API, one row more than the page to
know whether there is a next one, so the two sides run the same kind of query.
"""

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from tests.testapp.models import Article


class ArticleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="slug")  # the doctype's name field

    class Meta:
        model = Article
        fields = ["name"]


class CountingPagination(LimitOffsetPagination):
    default_limit = 20


class NoCountPagination(CountingPagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = list(queryset[self.offset:self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        return rows[:self.limit]

    def get_paginated_response(self, data):
        return Response({"has_next": self.has_next, "results": data})


class ArticleViewSet(viewsets.ModelViewSet):
    queryset = Article.objects.filter(published=True).order_by("-published_on", "-id")
    serializer_class = ArticleSerializer
    pagination_class = CountingPagination
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]


class ArticleNoCountViewSet(ArticleViewSet):
    pagination_class = NoCountPagination


router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="bench-articles")
router.register("articles-nocount", ArticleNoCountViewSet, basename="bench-articles-nocount")
urlpatterns = [path("", include(router.urls))]
