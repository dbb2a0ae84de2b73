"""``python manage.py seed_demo``: demo users and content; safe to run again."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand

from django_frappe_web import frappe
from django_frappe_web.files.uploads import save_uploaded_file
from django_frappe_web.models import File, PrintFormat, WebPage, WebsiteRedirect, WebsiteSettings
from django_frappe_web.settings import web_settings

from ...models import Article, Category, ExpenseClaim
from ...seed_content import seed_content
from ...seed_languages import seed_languages
from ...seed_web_forms import seed_web_forms

ADMIN = ("admin", "admin")
VISITOR = ("alice", "alice")
ARTICLES = [
    ("Welcome to django-frappe-web", "welcome", "News", True, "Frappe's website layer on Django."),
    ("Writing www pages", "writing-www-pages", "Guides", True, "Drop a template into an app's www folder."),
    ("Doctypes", "doctypes", "Guides", True, "Register a model and get documents, lists and an API."),
    ("Draft: roadmap", "roadmap", "News", False, "Not published yet."),
]
CLAIMS = [
    {"title": "Conference travel", "employee": "Alice", "amount": "420.00"},
    {"title": "Team lunch", "employee": "Bob", "amount": "86.50"},
]
WELCOME_NOTES = b"Notes for readers of the welcome article: a private file, served only after a permission check.\n"
# A custom print format, the Article doctype's default: /Article/welcome, /printview?doctype=Article&name=welcome.
ARTICLE_CARD_HTML = """<div class="article-card">
  <p class="kicker">{{ doc.category|default:"Uncategorised" }} · {{ doc.published_on|date:"j F Y" }}</p>
  <h1>{{ doc.title }}</h1>
  <div class="body">{{ doc.body|linebreaks }}</div>
  <p class="footer">Printed from {{ website_settings.title_prefix|default:"the demo" }} · /{{ doc.route }}</p>
</div>"""
TOP_BAR = [("Home", "/"), ("Tour", "/tour"), ("Blog", "/blog"), ("Docs", "/docs"), ("About", "/about"),
           ("Features", "/features")]
THEME = {"primary_color": "#0b6e4f", "link_color": "#0b6e4f", "dark_primary_color": "#4cc38a",
         "dark_link_color": "#6fd3a5", "heading_font_family": 'Georgia, "Times New Roman", serif'}
ARTICLE_CARD_CSS = """.article-card { border: 2px solid #2490ef; padding: 8mm; }
.article-card .kicker { text-transform: uppercase; color: #1a64b0; font-size: 9pt; }
.article-card .footer { color: #6c7680; font-size: 8pt; border-top: 1px solid #d1d8dd; padding-top: 2mm; }"""


class Command(BaseCommand):
    help = "Create the demo's users, categories and articles (idempotent) and print the logins."

    def handle(self, *args, **options):
        admin = self.ensure_user(*ADMIN, is_superuser=True)
        visitor = self.ensure_user(*VISITOR)
        with frappe.init(user=admin):
            self.seed_articles()
            self.seed_claims(visitor)
            self.seed_files(admin)
            self.seed_website()
            seed_web_forms()
            preview_lines = seed_content()
            seed_languages()  # of the pages seeded above
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"  admin login: {ADMIN[0]} / {ADMIN[1]}  (superuser, http://127.0.0.1:8000/admin/)")
        self.stdout.write(f"  user login:  {VISITOR[0]} / {VISITOR[1]}")
        for line in preview_lines:
            self.stdout.write(line)
        self.print_api_key(admin)

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

    def seed_claims(self, visitor):
        """Expense claims (a submittable doctype) for /claims: a draft and a submitted claim.

        ``alice`` may read, change and submit claims, not cancel them (the ``submit_expenseclaim``
        and ``cancel_expenseclaim`` permissions ``migrate`` created)."""
        if not ExpenseClaim.objects.exists():
            frappe.new_doc("Expense Claim", **CLAIMS[0]).insert()
            frappe.new_doc("Expense Claim", **CLAIMS[1]).submit()
        codenames = ["view_expenseclaim", "change_expenseclaim", "submit_expenseclaim"]
        visitor.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        self.stdout.write("  expense claims: /claims (submit, pay, cancel and amend through document methods)")

    def seed_files(self, admin):
        """A private attachment on the welcome article: any logged-in reader of the article may
        download it from /private/files/welcome-notes.txt, a guest gets 403."""
        if not File.objects.filter(attached_to_doctype="Article", attached_to_name="welcome").exists():
            save_uploaded_file(SimpleUploadedFile("welcome-notes.txt", WELCOME_NOTES), is_private=True,
                               doctype="Article", docname="welcome", user=admin)
        self.stdout.write("  private attachment: /private/files/welcome-notes.txt (log in to download)")
        self.seed_backup()

    def seed_backup(self):
        """A stand-in backup in FRAPPE_WEB["BACKUP_DIR"]: /backups/<name> serves it to superusers only."""
        folder = Path(web_settings.BACKUP_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "demo-backup.txt").write_text("A stand-in for a database dump.\n")
        self.stdout.write("  backup: /backups/demo-backup.txt (superusers only)")

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
        has_default = PrintFormat.objects.filter(doctype="Article", is_default=True).exists()
        PrintFormat.objects.get_or_create(
            name="Article Card",
            defaults={"doctype": "Article", "html": ARTICLE_CARD_HTML, "css": ARTICLE_CARD_CSS,
                      "is_default": not has_default},  # one default per doctype: keep one set in the admin
        )
        site = WebsiteSettings.load()
        if site._state.adding:
            site.title_prefix = "Demo"
            site.brand_html = "django-frappe-web"
            site.copyright = "The demo authors"
            site.navbar_search = True
            for field, value in THEME.items():  # the theme stylesheet: edit it in the admin's Website Settings
                setattr(site, field, value)
            site.full_clean()
            site.save()
            for order, (label, url) in enumerate(TOP_BAR):
                site.links.create(label=label, url=url, ordering=order)

    def print_api_key(self, admin):
        """The admin's API key, with a new secret on every run: a secret is stored hashed, so it is shown once."""
        from django_frappe_web.api_keys import create_api_key, regenerate_secret
        from django_frappe_web.models import APIKey

        row = APIKey.objects.filter(user=admin).order_by("pk").first()
        if row is None:
            row, secret = create_api_key(admin)
        else:
            secret = regenerate_secret(row)
        self.stdout.write(f"  API key for {admin.username}: api_key {row.api_key}  api_secret {secret}")
        self.stdout.write(f"    curl -H 'Authorization: token {row.api_key}:{secret}' "
                          f"http://127.0.0.1:8000/api/resource/Article")
