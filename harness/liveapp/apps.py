from django.apps import AppConfig


class LiveAppConfig(AppConfig):
    name = "harness.liveapp"
    label = "liveapp"
