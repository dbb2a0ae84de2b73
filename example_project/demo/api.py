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


@frappe.whitelist(allow_guest=True, methods=["POST"])
def whoami(greeting="Hello"):
    """The tour's frappe.call button: a message shown by frappe.msgprint, and the user's name."""
    frappe.msgprint(f"{greeting}, {frappe.session.user}!", title="Who am I?")
    return frappe.session.user


TOUR_JOB = "demo-tour"


@frappe.whitelist(allow_guest=True, methods=["POST"])
def start_tour_job():
    """The tour's button: count the articles in the background, as the visitor.

    One job at a time for the whole demo: while it is queued or running, another click is
    refused (``deduplicate``) and the page keeps showing the live one.
    """
    frappe.enqueue(count_articles_for, job_id=TOUR_JOB, deduplicate=True, label="tour")
    return tour_job()


@frappe.whitelist(allow_guest=True)
def tour_job():
    """The tour job's status (queued, started, finished, failed) and, once finished, its result."""
    job = frappe.get_job(TOUR_JOB)
    status = frappe.get_job_status(TOUR_JOB)
    return {"status": status, "result": job.return_value if status == "finished" else None}
