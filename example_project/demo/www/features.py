"""Controller of /features, the demo's page of links to every feature: Frappe's get_context, with the document API."""

from django_frappe_web import frappe

no_cache = False


def get_context(context):
    context.heading = "django-frappe-web demo"
    context.title = "Features"
    context.articles = frappe.get_list(
        "Article", fields=["title", "route", "published_on"], order_by="published_on desc", limit=5
    )
