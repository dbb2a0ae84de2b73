"""The demo's doctypes: registered like ModelAdmins, they feed frappe.get_doc, the website and /api."""

from django_frappe_web import doctypes

from .models import Article, Category, ExpenseClaim, Feedback, TalkProposal, VolunteerApplication


@doctypes.register(Article)
class ArticleDocType(doctypes.DocType):
    name_field = "slug"
    title_field = "title"
    has_web_view = True
    allow_guest_to_view = True
    list_fields = ["title", "published_on", "category"]
    sort_field = "-published_on"
    list_route = "blog"  # the list at /blog as well as /Article
    search_fields = ["title", "body"]  # ?txt= searches both


@doctypes.register(Category)
class CategoryDocType(doctypes.DocType):
    name_field = "name"
    allow_guest_to_view = True


# Saved by the web forms at /contact and /talks (seeded by seed_demo); read in the admin.
@doctypes.register(Feedback)
class FeedbackDocType(doctypes.DocType):
    title_field = "full_name"


@doctypes.register(TalkProposal)
class TalkProposalDocType(doctypes.DocType):
    sort_field = "-modified"


# Saved by the multi-step application form at /apply, with its references (a child table).
@doctypes.register(VolunteerApplication)
class VolunteerApplicationDocType(doctypes.DocType):
    title_field = "full_name"


# Submittable: drafts are submitted, then cancelled and amended; /claims calls its document methods.
@doctypes.register(ExpenseClaim)
class ExpenseClaimDocType(doctypes.DocType):
    is_submittable = True
    allow_on_submit = ["paid"]
    list_fields = ["title", "employee", "amount", "docstatus"]
