from django_frappe_web import doctypes

from .models import Article, Category, Invoice, Note, Ticket


@doctypes.register(Article)
class ArticleDocType(doctypes.DocType):
    name_field = "slug"
    has_web_view = True
    allow_guest_to_view = True
    list_fields = ["title", "published_on"]
    sort_field = "-published_on"


@doctypes.register(Category)
class CategoryDocType(doctypes.DocType):
    name_field = "name"
    allow_guest_to_view = True


@doctypes.register(Note)
class NoteDocType(doctypes.DocType):
    pass


@doctypes.register(Invoice)
class InvoiceDocType(doctypes.DocType):
    name_field = "number"
    is_submittable = True
    allow_on_submit = ["remarks"]


@doctypes.register(Ticket)
class TicketDocType(doctypes.DocType):
    pass
