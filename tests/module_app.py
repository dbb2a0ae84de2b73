"""An installed app that is one module, not a package (Django allows it): it has no ``hooks.py``."""

from django.apps import AppConfig


class ModuleAppConfig(AppConfig):
    name = "tests.module_app"
    label = "module_app"
