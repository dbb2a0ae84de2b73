"""Whitelisted functions: callable at /api/method/demo.api.<name> once the API lands."""

from django_frappe_web import frappe


@frappe.whitelist(allow_guest=True)
def latest_articles(limit=5):
    """The newest published articles, as a guest may see them."""
    return frappe.get_list("Article", fields=["name", "title", "published_on"], limit=frappe.cint(limit, 5))


@frappe.whitelist()
def remember_theme(theme="light"):
    """Store a preference in frappe.session.data (persisted in Django's session)."""
    frappe.session.data.setdefault("preferences", {})["theme"] = theme
    return frappe.session.data["preferences"]


def count_articles_for(label):
    """A background job: runs as the user who enqueued it."""
    return f"{label}: {frappe.session.user} sees {len(frappe.get_list('Article'))} articles"
