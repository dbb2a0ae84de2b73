from django.conf import settings
from django.db import models

from django_frappe_web.exceptions import ValidationError
from django_frappe_web.whitelist import whitelist


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    @whitelist(allow_guest=True, methods=["GET"])
    def headline(self) -> str:
        """Guests may call it on a category they may read."""
        return self.name.upper()

    @whitelist(methods=["GET"])
    def article_count(self) -> int:
        """Logged-in callers only, though guests may read the category."""
        return self.article_set.count()


class Article(models.Model):
    STATUS_CHOICES = [("draft", "Draft"), ("review", "Review"), ("done", "Done")]

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    route = models.CharField(max_length=255, blank=True, db_index=True)
    published = models.BooleanField(default=False)
    published_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default="draft")
    body = models.TextField(blank=True)
    views = models.IntegerField(default=0)
    rating = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        # The index a Django user declares for the doctype's sort_field "-published_on" (with the
        # primary-key tiebreak): the API list and list pages must be able to read pages from it.
        indexes = [models.Index(fields=["-published_on", "-id"], name="article_published_desc")]

    def __str__(self):
        return self.title


class Note(models.Model):
    """A model without any of Frappe's standard fields and without a published flag."""

    title = models.CharField(max_length=100)
    content = models.TextField(blank=True, max_length=5000)  # enforced like a form's (document.py)


class Invoice(models.Model):
    """A submittable doctype: docstatus 0 draft, 1 submitted, 2 cancelled; ``remarks`` may change after submission."""

    number = models.CharField(max_length=40, unique=True)
    customer = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    remarks = models.TextField(blank=True)
    docstatus = models.SmallIntegerField(default=0)
    amended_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="amendments")
    modified = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.number


class Ticket(models.Model):
    """Whitelisted document methods: one GET-able, POST-only ones, a private one, one that raises."""

    subject = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="Open")
    priority = models.IntegerField(default=0)

    def __str__(self):
        return self.subject

    @whitelist(methods=["GET"])
    def summary(self, prefix: str = "") -> str:
        """Readable with GET: the read permission suffices."""
        return f"{prefix}{self.subject} [{self.status}]"

    @whitelist(methods=["POST"])
    def escalate(self, levels: int = 1) -> int:
        """Changes the document: needs the write permission."""
        if not str(levels).lstrip("-").isdigit():
            raise ValidationError("levels must be a whole number")
        self.priority += int(levels)
        self.save()
        return self.priority

    @whitelist(methods=["POST"])
    def retitle(self, subject: str) -> str:
        """A required argument."""
        self.subject = subject
        self.save()
        return subject

    @whitelist(methods=["GET"])
    def itself(self):
        """Returns the model instance: sent as the document's dict."""
        return self

    @whitelist()
    def echo(self, args=None):
        """Takes Frappe's ``args`` whole."""
        return args

    @whitelist()
    def acknowledge(self) -> str:
        """Whitelisted for every verb (GET too) although it saves: a reader's POST must not reach it."""
        self.status = "Seen"
        self.save()
        return self.status

    @whitelist(methods=["POST"])
    def close(self, reason: str = "") -> None:
        """Writes, then raises a Frappe exception: the write must be undone."""
        self.status = "Closed"
        self.save()
        raise ValidationError(f"Cannot close {self.subject}: {reason or 'no reason given'}")

    @whitelist(methods=["POST"])
    def _reopen(self):
        """Private: never callable, whitelisted or not."""
        self.status = "Open"
        self.save()

    def purge(self):
        """Not whitelisted."""
        self.delete()


class ArticleLink(models.Model):
    """A child table of Article (Frappe's child doctype): a web form's ``Table`` field edits its rows."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=100)
    url = models.URLField(blank=True)
    position = models.IntegerField(default=0)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    internal_note = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label
