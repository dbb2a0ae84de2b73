"""``python manage.py seed_demo``: demo users and content; safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from django_frappe_web import frappe
from django_frappe_web.models import WebPage, WebsiteRedirect, WebsiteSettings

from ...models import Article, Category

ADMIN = ("admin", "admin")
VISITOR = ("alice", "alice")
ARTICLES = [
    ("Welcome to django-frappe-web", "welcome", "News", True, "Frappe's website layer on Django."),
    ("Writing www pages", "writing-www-pages", "Guides", True, "Drop a template into an app's www folder."),
    ("Doctypes", "doctypes", "Guides", True, "Register a model and get documents, lists and an API."),
    ("Draft: roadmap", "roadmap", "News", False, "Not published yet."),
]


class Command(BaseCommand):
    help = "Create the demo's users, categories and articles (idempotent) and print the logins."

    def handle(self, *args, **options):
        admin = self.ensure_user(*ADMIN, is_superuser=True)
        self.ensure_user(*VISITOR)
        with frappe.init(user=admin):
            self.seed_articles()
            self.seed_website()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"  admin login: {ADMIN[0]} / {ADMIN[1]}  (superuser, http://127.0.0.1:8000/admin/)")
        self.stdout.write(f"  user login:  {VISITOR[0]} / {VISITOR[1]}")

    def ensure_user(self, username, password, is_superuser=False):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "is_staff": is_superuser, "is_superuser": is_superuser}
        )
        if created:
            user.set_password(password)
            user.save()
        return user

    def seed_articles(self):
        today = datetime.date.today()
        for offset, (title, slug, category, published, body) in enumerate(ARTICLES):
            if frappe.db.exists("Article", slug):
                continue
            Category.objects.get_or_create(name=category)
            frappe.new_doc(
                "Article",
                title=title,
                slug=slug,
                route=f"blog/{slug}",
                category=category,
                published=published,
                published_on=today - datetime.timedelta(days=offset),
                body=body,
            ).insert()
        self.stdout.write(f"  articles: {Article.objects.count()}")

    def seed_website(self):
        WebPage.objects.get_or_create(
            route="about",
            defaults={
                "title": "About this demo",
                "content_type": "markdown",
                "main_section": "# About this demo\n\nThis page is a **Web Page** row: edit it in the admin.",
                "description": "A Web Page written in the Django admin.",
            },
        )
        WebsiteRedirect.objects.get_or_create(source="welcome", defaults={"target": "/blog/welcome", "redirect_http_status": 302})
        site = WebsiteSettings.load()
        if site._state.adding:
            site.title_prefix = "Demo"
            site.brand_html = "django-frappe-web"
            site.copyright = "The demo authors"
            site.save()
            for order, (label, url) in enumerate([("Home", "/"), ("Docs", "/docs"), ("About", "/about")]):
                site.links.create(label=label, url=url, ordering=order)
