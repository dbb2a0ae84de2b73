"""The demo in three languages (``seed_demo``): the top bar's language picker offers English,
German and French; /about has a German translation with a route of its own
(/de/ueber-diese-demo) and a French one at /about?_lang=fr; the welcome article has a German
route (/de/blog/willkommen); /docs has a German source beside it (www/docs/index.de.md).

Run once: the picker's languages are set when the translations are first created, so staff's
later choice in the admin stays.
"""

from django.contrib.contenttypes.models import ContentType

from django_frappe_web.content_models import RouteTranslation, WebPageTranslation
from django_frappe_web.models import WebPage, WebsiteSettings

from .models import Article

ABOUT = {
    "de": {"title": "Über diese Demo", "route": "de/ueber-diese-demo", "description": "Eine Web Page, im Django-Admin geschrieben.",
           "main_section": "# Über diese Demo\n\nDiese Seite ist eine **Web Page**: bearbeiten Sie sie im Admin."},
    "fr": {"title": "À propos de cette démo", "route": None, "description": "Une Web Page écrite dans l'admin de Django.",
           "main_section": "# À propos de cette démo\n\nCette page est une **Web Page** : modifiez-la dans l'admin."},
}


def seed_languages() -> None:
    about = WebPage.objects.filter(route="about").first()
    if about is None or about.translations.exists():
        return
    for language, fields in ABOUT.items():
        WebPageTranslation.objects.create(page=about, language=language, **fields)
    welcome = Article.objects.filter(slug="welcome").first()
    if welcome is not None:
        RouteTranslation.objects.get_or_create(content_type=ContentType.objects.get_for_model(Article),
                                               object_id=str(welcome.pk), language="de",
                                               defaults={"route": "de/blog/willkommen"})
    site = WebsiteSettings.load()
    site.offered_languages = ["en", "de", "fr"]
    site.full_clean()
    site.save()
