"""Doctypes that every site has: Django's user model as Frappe's ``User``."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .doctypes import DocType, DocTypeRegistry
from .models import WebPage


class UserDocType(DocType):
    """Django's user model, read-only and without secrets."""

    name = "User"
    read_only = True
    exclude = ["password"]
    title_field = "first_name"
    search_fields = ["username", "first_name", "last_name", "email"]
    sort_field = "username"

    def __init__(self, model):
        self.name_field = model.USERNAME_FIELD
        super().__init__(model)


class WebPageDocType(DocType):
    """Pages written in the admin, served at their route by the DocumentPage renderer."""

    name = "Web Page"
    name_field = "route"
    has_web_view = True
    allow_guest_to_view = True
    sort_field = "route"
    search_fields = ["title", "main_section", "description"]


def register_all(site: DocTypeRegistry) -> None:
    User = get_user_model()
    for model, options in ((User, UserDocType), (WebPage, WebPageDocType)):
        if not site.is_registered(model):
            site.register(model, options)
