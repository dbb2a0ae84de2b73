from django.conf import settings
from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


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
    content = models.TextField(blank=True)
