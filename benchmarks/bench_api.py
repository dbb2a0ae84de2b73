"""/api against hand-written DRF views serving the same JSON.

Targets (the /api issue), throughput as a ratio of the baseline's in one run:

* ``GET /api/resource/Article?limit_page_length=20`` over 100,000 rows: at least 0.8x a
  ``ModelViewSet`` with ``LimitOffsetPagination`` and a serializer with the same fields;
  also with a link field in ``fields`` (the baseline uses ``select_related``). The query
  count is printed and must not depend on the rows (no COUNT, no N+1).
  ``LimitOffsetPagination`` runs a ``COUNT(*)`` that our list does not, so the same viewsets
  are also measured with a pagination class that only slices (like with like: one query each).
  Both sides order by ``-published_on, -id``, which the test model's index serves.
* ``GET /api/method/ping``: at least 0.8x a plain DRF ``APIView`` returning ``{"message": "pong"}``.

Both sides run Django's real middleware chain (the baseline's without FrappeMiddleware,
which plain DRF does not need); the baseline views live in this module's URLconf.
"""

from __future__ import annotations

import json

from .common import analyze, compare, explain_sql, make_handler, report, setup_django

ROWS = 100_000


def _baseline_urlpatterns() -> list:
    from django.urls import path
    from rest_framework import serializers, viewsets
    from rest_framework.pagination import LimitOffsetPagination
    from rest_framework.permissions import AllowAny
    from rest_framework.renderers import JSONRenderer
    from rest_framework.response import Response
    from rest_framework.routers import SimpleRouter
    from rest_framework.views import APIView

    from tests.testapp.models import Article

    class NameSerializer(serializers.ModelSerializer):
        name = serializers.CharField(source="slug")

        class Meta:
            model = Article
            fields = ["name"]

    class FieldsSerializer(serializers.ModelSerializer):
        name = serializers.CharField(source="slug")
        category = serializers.SlugRelatedField(slug_field="name", read_only=True)

        class Meta:
            model = Article
            fields = ["name", "title", "views", "category"]

    class Pagination(LimitOffsetPagination):
        default_limit = 20

    class NoCountPagination(Pagination):
        """``limit``/``offset`` without the COUNT(*): one query, as our list."""

        def paginate_queryset(self, queryset, request, view=None):
            self.limit, self.offset = self.get_limit(request), self.get_offset(request)
            return list(queryset[self.offset:self.offset + self.limit])

        def get_paginated_response(self, data):
            return Response({"results": data})

    class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
        queryset = Article.objects.filter(published=True).order_by("-published_on", "-id")
        serializer_class = NameSerializer
        pagination_class = Pagination
        permission_classes = [AllowAny]
        renderer_classes = [JSONRenderer]

    class ArticleFieldsViewSet(ArticleViewSet):
        queryset = ArticleViewSet.queryset.select_related("category")
        serializer_class = FieldsSerializer

    class ArticleNoCountViewSet(ArticleViewSet):
        pagination_class = NoCountPagination

    class ArticleFieldsNoCountViewSet(ArticleFieldsViewSet):
        pagination_class = NoCountPagination

    class Ping(APIView):
        permission_classes = [AllowAny]
        renderer_classes = [JSONRenderer]

        def get(self, request):
            return Response({"message": "pong"})

    router = SimpleRouter()
    router.register("articles", ArticleViewSet, basename="bench-articles")
    router.register("articles-fields", ArticleFieldsViewSet, basename="bench-articles-fields")
    router.register("articles-nocount", ArticleNoCountViewSet, basename="bench-articles-nocount")
    router.register("articles-fields-nocount", ArticleFieldsNoCountViewSet, basename="bench-articles-fields-nocount")
    return [path("baseline/ping/", Ping.as_view()), *router.urls]


def __getattr__(name: str):
    # This module is the baseline's URLconf; its views need the apps loaded, so build them on first use.
    if name == "urlpatterns":
        patterns = _baseline_urlpatterns()
        globals()["urlpatterns"] = patterns
        return patterns
    raise AttributeError(name)


def _seed() -> None:
    import datetime

    from tests.testapp.models import Article, Category


    if Article.objects.exists():
        return
    categories = [Category.objects.create(name=f"Category {i}") for i in range(20)]
    start = datetime.date(2000, 1, 1)
    Article.objects.bulk_create(
        (Article(title=f"Article {i}", slug=f"article-{i}", published=True, views=i,
                 published_on=start + datetime.timedelta(days=i % 9000), category=categories[i % 20])
         for i in range(ROWS)),
        batch_size=5000,
    )
    analyze("default")


def _queries(handler, request) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        handler.get_response(request)
    return len(captured)


def _plan(handler, request) -> str:
    """The database's plan for the query reading the list's rows (an index scan, no sort)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        handler.get_response(request)
    (sql,) = [q["sql"] for q in captured if 'FROM "testapp_article"' in q["sql"]]
    return explain_sql("default", sql)


def main() -> list[str]:
    setup_django()
    from django.conf import settings
    from django.test import RequestFactory

    from django_frappe_web.checks import MIDDLEWARE_PATH

    _seed()
    factory = RequestFactory()
    ours_handler = make_handler(list(settings.MIDDLEWARE))
    base_handler = make_handler([m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH])

    def ours(path, **params):
        return lambda: ours_handler.get_response(factory.get(path, params))

    def baseline(path, **params):
        def run():
            request = factory.get(path, params)
            request.urlconf = __name__
            return base_handler.get_response(request)
        return run

    lines = []
    fields = '["name", "title", "views", "category"]'
    first = ours("/api/resource/Article", limit_page_length="20")()
    expected = baseline("/articles/")()
    assert first.status_code == 200 and expected.status_code == 200, (first.content[:300], expected.content[:300])
    assert json.loads(first.content)["data"] == json.loads(expected.content)["results"]
    with_fields = json.loads(ours("/api/resource/Article", limit_page_length="20", fields=fields)().content)["data"]
    assert with_fields == json.loads(baseline("/articles-fields/")().content)["results"]

    count = _queries(ours_handler, factory.get("/api/resource/Article", {"limit_page_length": "20", "fields": fields}))
    print(f"queries per list request: ours {count} (constant: no COUNT, links joined)")
    print(f"plan of the list query: {_plan(ours_handler, factory.get('/api/resource/Article', {'limit_page_length': '20'}))}")
    assert json.loads(baseline("/articles-nocount/")().content)["results"] == json.loads(first.content)["data"]

    o, b, ratio = compare(ours("/api/resource/Article", limit_page_length="20"), baseline("/articles/"),
                          number=60, rounds=9)
    lines.append(report(f"GET /api/resource/Article?limit_page_length=20 ({ROWS} rows) vs ModelViewSet+LimitOffset",
                        o, b, ratio, "throughput >= 0.8x"))
    o, b, ratio = compare(ours("/api/resource/Article", limit_page_length="20", fields=fields),
                          baseline("/articles-fields/"), number=60, rounds=9)
    lines.append(report("same, fields name/title/views/category (a link) vs ModelViewSet+select_related",
                        o, b, ratio, "throughput >= 0.8x"))
    o, b, ratio = compare(ours("/api/resource/Article", limit_page_length="20"), baseline("/articles-nocount/"),
                          number=60, rounds=9)
    lines.append(report(f"GET /api/resource/Article?limit_page_length=20 ({ROWS} rows) vs ModelViewSet, "
                        "pagination without COUNT", o, b, ratio, "throughput >= 0.8x"))
    o, b, ratio = compare(ours("/api/resource/Article", limit_page_length="20", fields=fields),
                          baseline("/articles-fields-nocount/"), number=60, rounds=9)
    lines.append(report("same, fields with a link vs ModelViewSet+select_related, pagination without COUNT",
                        o, b, ratio, "throughput >= 0.8x"))
    o, b, ratio = compare(ours("/api/method/ping"), baseline("/baseline/ping/"))
    lines.append(report("GET /api/method/ping vs DRF APIView", o, b, ratio, "throughput >= 0.8x"))
    return lines


if __name__ == "__main__":
    main()
