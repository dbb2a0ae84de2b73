"""Controller of /claims: expense claims, a submittable doctype, moved by their document methods.

Never cached: the page carries a CSRF token, and what it shows depends on the visitor."""

from django_frappe_web import frappe
from django_frappe_web.docstatus import STATUS_NAMES

no_cache = True


def get_context(context):
    context.title = "Expense claims"
    user = frappe.session.user
    if user == "Guest":
        context.claims = []
        return
    context.claims = [
        {**row, "status": STATUS_NAMES[row["docstatus"]]}
        for row in frappe.get_list("Expense Claim", fields=["name", "title", "employee", "amount", "paid", "docstatus",
                                                            "amended_from"], order_by="name asc")
    ]
