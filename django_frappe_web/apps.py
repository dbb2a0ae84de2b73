from importlib.util import find_spec

from django.apps import AppConfig, apps
from django.core.checks import Tags, register
from django.core.signals import setting_changed
from django.db.models.signals import post_migrate


class FrappeWebConfig(AppConfig):
    name = "django_frappe_web"
    verbose_name = "Frappe web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Every registration of the package, in one place: nothing registers by being imported."""
        # Imported here: Django imports apps.py before the models exist, and these modules use them.
        from . import (
            app_hooks,
            builtin_doctypes,
            cache,
            checks,
            content_checks,
            doctypes,
            languages,
            settings,
            signals,
            whitelist,
        )
        from .cross_origin_checks import check_cross_origin
        from .files import checks as file_checks
        from .language_checks import check_language_middleware
        from .website import version_channel

        for check in (checks.check_middleware, checks.check_settings, checks.check_installed_apps, checks.check_jobs,
                      file_checks.check_file_settings, check_cross_origin, check_language_middleware):
            register(check, Tags.compatibility)
        register(checks.check_urls, Tags.urls)
        register(checks.check_scheduler_events)
        register(checks.check_doctypes, Tags.models)
        register(content_checks.check_feed_fields, Tags.models)
        register(content_checks.check_web_templates, Tags.templates)
        register(content_checks.check_redirect_chains, Tags.database)
        register(content_checks.check_search_settings)
        register(content_checks.check_search_configs_exist, Tags.database)
        register(checks.check_portal_menu)
        for receiver in (settings.reload_web_settings, cache.reset_cache, whitelist.on_setting_changed,
                         app_hooks.on_setting_changed, version_channel.on_setting_changed, languages.forget_settings):
            setting_changed.connect(receiver)
        builtin_doctypes.register_all(doctypes.site)
        doctypes.autodiscover()
        self.import_builtin_methods()
        whitelist.autodiscover()  # apps' api modules: /api/method never imports a module on request
        signals.connect_handlers()
        if apps.is_installed("django_tasks_db"):
            from . import job_recovery  # imports django-tasks-db's models: only when it is installed

            job_recovery.connect_handlers()
        post_migrate.connect(signals.invalidate_routes_after_migrate, sender=self,
                             dispatch_uid="django_frappe_web.invalidate_routes_after_migrate")
        # Every app's migrate: a submittable doctype's submit_/cancel_ permissions (signals.py).
        post_migrate.connect(signals.create_docstatus_permissions,
                             dispatch_uid="django_frappe_web.create_docstatus_permissions")

    @staticmethod
    def import_builtin_methods() -> None:
        """The built-in whitelisted methods: ``@whitelist`` records each function as its module is imported."""
        # Imported here for the same reason as above; api/ only with Django REST framework (optional).
        from .accounts import methods  # noqa: F401 - frappe.core.doctype.user.user.sign_up and the passwords'
        from .files import handler  # noqa: F401 - upload_file, frappe.handler.upload_file
        from .web_forms import accept  # noqa: F401 - the web form's accept method and its alias
        from .website import search_api  # noqa: F401 - frappe.search.web_search

        if find_spec("rest_framework") is not None:
            from .api import (  # noqa: F401 - login, logout, frappe.client.* (submit and cancel in submittable),
                auth,
                client,
                client_checks,
                client_writes,
                document_methods,
                print_api,
                submittable,
                views,
            )  # run_doc_method, download_pdf, ping, version
