from django.apps import AppConfig


class FrappeWebConfig(AppConfig):
    name = "django_frappe_web"
    verbose_name = "Frappe web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, doctypes, signals  # noqa: F401 - checks and signal handlers register on import

        doctypes.autodiscover()
        signals.connect_handlers()
