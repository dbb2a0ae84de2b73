from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from django_frappe_web.document import Document
from django_frappe_web.exceptions import ValidationError
from django_frappe_web.whitelist import whitelist


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    route = models.CharField(max_length=255, blank=True, db_index=True)
    published = models.BooleanField(default=False)
    published_on = models.DateField(null=True, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.title


class Feedback(models.Model):
    """What the public contact form at /contact saves (a web form designed in the admin)."""

    TOPICS = [("question", "A question"), ("idea", "An idea"), ("bug", "A bug report"), ("praise", "Praise")]

    full_name = models.CharField("your name", max_length=100)
    email = models.EmailField("e-mail")
    website = models.URLField(blank=True)
    topic = models.CharField(max_length=20, choices=TOPICS, default="question")
    message = models.TextField(max_length=2000)
    rating = models.PositiveSmallIntegerField(null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    subscribe = models.BooleanField("keep me posted", default=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creation = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-creation"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.full_name}: {self.get_topic_display()}"


class TalkProposal(models.Model):
    """What the login-required, one-per-user form at /talks saves."""

    LEVELS = [("beginner", "Beginner"), ("intermediate", "Intermediate"), ("advanced", "Advanced")]

    title = models.CharField(max_length=120)
    abstract = models.TextField(max_length=3000)
    level = models.CharField(max_length=20, choices=LEVELS, default="beginner")
    duration = models.PositiveSmallIntegerField("duration (minutes)", default=30,
                                                validators=[MinValueValidator(5), MaxValueValidator(45)])
    track = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    preferred_start = models.DateTimeField(null=True, blank=True)
    needs_projector = models.BooleanField(default=True)
    slides = models.CharField(max_length=500, blank=True, help_text="The URL of an attached file (an Attach field).")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.title


class ExpenseClaim(models.Model):
    """A submittable doctype: a draft is edited, then submitted (docstatus 1); a submitted claim
    changes only ``paid``; a cancelled one (2) is amended into a new draft."""

    title = models.CharField(max_length=120)
    employee = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    paid = models.BooleanField(default=False)
    docstatus = models.SmallIntegerField(default=0)
    amended_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.title

    @whitelist(methods=["GET"])
    def summary(self):
        """A document method GET may call: the read permission suffices."""
        return f"{self.employee} claims {self.amount} for {self.title}"

    @whitelist(methods=["POST"])
    def mark_paid(self):
        """A document method that changes the claim (write permission): only a submitted claim is paid.

        It saves through the document API, so the doctype's rules hold (``paid`` is allowed on submit)."""
        if self.docstatus != 1:
            raise ValidationError(f"Submit {self.title} before paying it")
        Document("Expense Claim", self).update({"paid": True}).save()
        return "paid"

    @whitelist(methods=["POST"])
    def amend(self):
        """A new draft from this cancelled claim, linked by ``amended_from`` (``Document.amend()``)."""
        return Document("Expense Claim", self).amend().name


class VolunteerApplication(models.Model):
    """What the multi-step application form at /apply saves: sections, columns, pages, a
    condition (a tax id for Germany) and a child table of references."""

    COUNTRIES = [("DE", "Germany"), ("FR", "France"), ("NL", "Netherlands"), ("other", "Elsewhere")]

    full_name = models.CharField("your name", max_length=100)
    email = models.EmailField("e-mail")
    country = models.CharField(max_length=10, choices=COUNTRIES)
    tax_id = models.CharField("German tax id", max_length=20, blank=True)
    motivation = models.TextField(max_length=3000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creation = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.full_name


class ApplicationReference(models.Model):
    """A child table of VolunteerApplication (Frappe's child doctype): the form's "References" rows."""

    application = models.ForeignKey(VolunteerApplication, on_delete=models.CASCADE, related_name="references")
    full_name = models.CharField("name", max_length=100)
    email = models.EmailField("e-mail", blank=True)
    relation = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return self.full_name
