"""The demo in three languages (``seed_demo``): the top bar's language picker offers English,
German and French; /about has a German translation with a route of its own
(/de/ueber-diese-demo) and a French one at /about?_lang=fr; the home page's blocks are in all
three; the welcome article has a German route (/de/blog/willkommen); /docs has a German source
beside it (www/docs/index.de.md).

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


# The home page's blocks (seed_content.HOME_BLOCKS) by their English texts; the links stay.
HOME = {
    "de": {"title": "Startseite", "description": "Frappes Website-Schicht auf Django: eine Demo.", "block_texts": {
        "Frappe's website layer, on Django": "Frappes Website-Schicht, auf Django",
        "www pages, Web Pages built from blocks, lists and documents of your models, web forms, accounts and a "
        "Frappe-compatible /api, in one Django app.": "www-Seiten, aus Blöcken gebaute Web Pages, Listen und "
        "Dokumente Ihrer Modelle, Webformulare, Konten und eine Frappe-kompatible /api, in einer Django-App.",
        "Take the content tour": "Zur Inhalts-Tour",
        "This page is made of blocks": "Diese Seite besteht aus Blöcken",
        "Explore": "Entdecken",
        "The content tour": "Die Inhalts-Tour",
        "Blocks, a scheduled page, drafts and previews.": "Blöcke, eine geplante Seite, Entwürfe und Vorschauen.",
        "Search the site": "Die Website durchsuchen",
        "Web Pages, www pages and articles, with highlights.": "Web Pages, www-Seiten und Artikel, mit Hervorhebungen.",
        "The blog's feed": "Der Feed des Blogs",
        "RSS for the blog's list (Atom at /blog/atom.xml).": "RSS für die Liste des Blogs (Atom unter /blog/atom.xml).",
        "Every feature": "Alle Funktionen",
        "A www page with a controller, linking to all the rest.": "Eine www-Seite mit Controller, die auf alles Weitere verweist.",
        "A page drawn as five stacked blocks: a hero, a text section, three cards and a call to action":
            "Eine Seite aus fünf gestapelten Blöcken: ein Hero, ein Textabschnitt, drei Karten und ein Aufruf",
        "Blocks stack into a page; each is a template with declared fields.":
            "Blöcke ergeben gestapelt eine Seite; jeder ist eine Vorlage mit deklarierten Feldern.",
        "See everything the demo does": "Alles sehen, was die Demo kann",
        "Web forms, accounts, print views, background jobs and the REST API.":
            "Webformulare, Konten, Druckansichten, Hintergrundjobs und die REST-API.",
    }},
    "fr": {"title": "Accueil", "description": "La couche web de Frappe sur Django : une démo.", "block_texts": {
        "Frappe's website layer, on Django": "La couche web de Frappe, sur Django",
        "Take the content tour": "Visiter le contenu",
        "This page is made of blocks": "Cette page est faite de blocs",
        "Explore": "Explorer",
        "The content tour": "La visite du contenu",
        "Search the site": "Chercher dans le site",
        "The blog's feed": "Le flux du blog",
        "Every feature": "Toutes les fonctions",
        "See everything the demo does": "Tout ce que fait la démo",
    }},
}


def seed_languages() -> None:
    """Run after the pages are seeded (seed_content)."""
    seed_translations("home", HOME)
    if not seed_translations("about", ABOUT):
        return  # seeded before: staff's later choices stay
    welcome = Article.objects.filter(slug="welcome").first()
    if welcome is not None:
        RouteTranslation.objects.get_or_create(content_type=ContentType.objects.get_for_model(Article),
                                               object_id=str(welcome.pk), language="de",
                                               defaults={"route": "de/blog/willkommen"})
    site = WebsiteSettings.load()
    site.offered_languages = ["en", "de", "fr"]
    site.full_clean()
    site.save()


def seed_translations(route: str, languages: dict[str, dict]) -> bool:
    """The Web Page at ``route`` in ``languages``, unless it has translations; whether they were made."""
    page = WebPage.objects.filter(route=route).first()
    if page is None or page.translations.exists():
        return False
    for language, fields in languages.items():
        WebPageTranslation.objects.create(page=page, language=language, **fields)
    return True
