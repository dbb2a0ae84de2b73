"""The demo's doctypes: registered like ModelAdmins, they feed frappe.get_doc, the website and /api."""

from django_frappe_web import doctypes

from .models import Article, Category


@doctypes.register(Article)
class ArticleDocType(doctypes.DocType):
    name_field = "slug"
    title_field = "title"
    has_web_view = True
    allow_guest_to_view = True
    list_fields = ["title", "published_on", "category"]
    sort_field = "-published_on"


@doctypes.register(Category)
class CategoryDocType(doctypes.DocType):
    name_field = "name"
    allow_guest_to_view = True
