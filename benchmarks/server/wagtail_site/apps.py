from django.apps import AppConfig


class WagtailSiteConfig(AppConfig):
    name = "benchmarks.server.wagtail_site"
    label = "bench_wagtail_site"
    default_auto_field = "django.db.models.BigAutoField"
