from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FrappeWebConfig(AppConfig):
    name = "django_frappe_web"
    verbose_name = "Frappe web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import builtin_doctypes, checks, doctypes, signals, whitelist  # noqa: F401 - checks and signal handlers register on import
        from .files import checks as file_checks  # noqa: F401 - the file settings checks register on import
        from .files import uploads  # noqa: F401 - registers upload_file at /api/method/upload_file
        from .web_forms import accept  # noqa: F401 - registers the accept API alias with the URLconf

        builtin_doctypes.register_all(doctypes.site)
        doctypes.autodiscover()
        whitelist.autodiscover()  # apps' api modules: /api/method never imports a module on request
        signals.connect_handlers()
        post_migrate.connect(signals.invalidate_routes_after_migrate, sender=self,
                             dispatch_uid="django_frappe_web.invalidate_routes_after_migrate")
