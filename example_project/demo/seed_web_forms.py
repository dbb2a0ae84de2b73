"""The demo's web forms, as an admin would design them (called by ``manage.py seed_demo``).

* ``/contact``: a public feedback form on ``Feedback``: anyone may send it, as often as they like;
  in German at its own route ``/de/kontakt`` and in French at ``/contact?_lang=fr`` (its translations);
* ``/talks``: a login-required, one-per-user form on ``Talk Proposal`` that its author may edit and delete;
* ``/apply``: a public, multi-step application on ``Volunteer Application``: sections and columns, a
  field shown (and mandatory) only for one country, and a child table of references.
"""

from django_frappe_web.models import WebForm, WebFormField, WebFormTranslation

CONTACT = {
    "title": "Contact us",
    "doctype": "Feedback",
    "introduction_text": "Questions, ideas, bugs or praise: we read **every** message.",
    "success_message": "Thank you for your feedback! We will answer within two working days.",
    "button_label": "Send",
}
CONTACT_FIELDS = [
    {"fieldname": "full_name"},
    {"fieldname": "email", "description": "We only use it to answer you."},
    {"fieldname": "topic"},
    {"fieldname": "rating", "label": "How do you like the demo? (1-5)", "fieldtype": "Select", "options": "1\n2\n3\n4\n5"},
    {"fieldname": "website"},
    {"fieldname": "message"},
    {"fieldname": "subscribe"},
]
CONTACT_TRANSLATIONS = {
    "de": {
        "route": "de/kontakt",
        "title": "Kontakt",
        "introduction_text": "Fragen, Ideen, Fehler oder Lob: Wir lesen **jede** Nachricht.",
        "button_label": "Senden",
        "success_title": "Vielen Dank",
        "success_message": "Danke für Ihre Rückmeldung! Wir antworten innerhalb von zwei Werktagen.",
        "fields": {
            "full_name": {"label": "Vollständiger Name"},
            "email": {"label": "E-Mail", "description": "Wir verwenden sie nur, um Ihnen zu antworten."},
            "topic": {"label": "Thema"},
            "rating": {"label": "Wie gefällt Ihnen die Demo? (1-5)"},
            "message": {"label": "Nachricht"},
            "subscribe": {"label": "Newsletter abonnieren"},
        },
    },
    "fr": {
        "title": "Nous contacter",
        "introduction_text": "Questions, idées, bogues ou compliments : nous lisons **chaque** message.",
        "button_label": "Envoyer",
        "success_title": "Merci",
        "success_message": "Merci pour votre message ! Nous répondons sous deux jours ouvrés.",
        "fields": {
            "full_name": {"label": "Nom complet"},
            "email": {"label": "E-mail", "description": "Nous ne l’utilisons que pour vous répondre."},
            "topic": {"label": "Sujet"},
            "rating": {"label": "La démo vous plaît-elle ? (1-5)"},
            "website": {"label": "Site web"},
            "subscribe": {"label": "S’abonner à la lettre d’information"},
        },
    },
}
TALKS = {
    "title": "Propose a talk",
    "doctype": "Talk Proposal",
    "login_required": True,
    "allow_multiple": False,
    "allow_edit": True,
    "allow_delete": True,
    "introduction_text": "One proposal per speaker: you can come back and edit it until the deadline.",
    "success_message": "Your proposal is in. You can edit it until the programme is published.",
    "button_label": "Submit my proposal",
}
TALK_FIELDS = [
    {"fieldname": "title", "label": "Talk title"},
    {"fieldname": "abstract"},
    {"fieldname": "level"},
    {"fieldname": "duration", "description": "Between 5 and 45 minutes."},
    {"fieldname": "track", "label": "Track"},
    {"fieldname": "preferred_start", "label": "Preferred start (optional)"},
    {"fieldname": "needs_projector", "label": "I need a projector"},
    {"fieldname": "slides", "fieldtype": "Attach", "label": "Slides (optional)", "description": "Stored privately."},
]

GERMANY = 'eval:doc.country=="DE"'
APPLY = {
    "title": "Volunteer application",
    "doctype": "Volunteer Application",
    "introduction_text": "Three short steps. Nothing is saved until you send the last one.",
    "success_message": "Thank you for applying! We will write to you within a week.",
    "button_label": "Send my application",
}
APPLY_FIELDS = [
    {"fieldtype": "Page Break", "label": "About you"},
    {"fieldtype": "Section Break", "label": "Contact", "description": "How we reach you."},
    {"fieldname": "full_name"},
    {"fieldtype": "Column Break"},
    {"fieldname": "email"},
    {"fieldtype": "Section Break", "label": "Where you live"},
    {"fieldname": "country"},
    {"fieldname": "tax_id", "description": "Needed for volunteers in Germany only.",
     "depends_on": GERMANY, "mandatory_depends_on": GERMANY},
    {"fieldtype": "Page Break", "label": "Why"},
    {"fieldname": "motivation", "label": "Why do you want to help?"},
    {"fieldtype": "Page Break", "label": "References"},
    {"fieldname": "references", "fieldtype": "Table", "label": "References", "options": "full_name\nemail\nrelation",
     "reqd": True, "max_rows": 3, "description": "One to three people who know you."},
]

APPLY_TRANSLATIONS = {
    "de": {
        "title": "Bewerbung als Freiwillige(r)",
        "introduction_text": "Drei kurze Schritte. Gespeichert wird erst, wenn Sie den letzten absenden.",
        "button_label": "Bewerbung absenden",
        "success_message": "Danke für Ihre Bewerbung! Wir schreiben Ihnen innerhalb einer Woche.",
        "fields": {
            "full_name": {"label": "Ihr Name"},
            "email": {"label": "E-Mail"},
            "country": {"label": "Land"},
            "tax_id": {"label": "Deutsche Steuer-ID", "description": "Nur für Freiwillige in Deutschland nötig."},
            "motivation": {"label": "Warum möchten Sie helfen?"},
            "references": {"label": "Referenzen", "description": "Ein bis drei Personen, die Sie kennen."},
        },
        "layout_texts": {  # the steps' and sections' titles (Page and Section Breaks), by their text
            "About you": "Über Sie", "Contact": "Kontakt", "How we reach you.": "Wie wir Sie erreichen.",
            "Where you live": "Wo Sie wohnen", "Why": "Warum", "References": "Referenzen",
        },
    },
}


def seed_web_forms() -> list[str]:
    """Create the three forms unless a form already has their route (edits in the admin are kept)."""
    created = []
    for route, values, fields in (("contact", CONTACT, CONTACT_FIELDS), ("talks", TALKS, TALK_FIELDS),
                                  ("apply", APPLY, APPLY_FIELDS)):
        web_form, is_new = WebForm.objects.get_or_create(route=route, defaults={**values, "published": True})
        if is_new:
            for order, field in enumerate(fields):
                WebFormField.objects.create(web_form=web_form, ordering=order, **field)
            created.append(route)
    for route, translations in (("contact", CONTACT_TRANSLATIONS), ("apply", APPLY_TRANSLATIONS)):
        web_form = WebForm.objects.get(route=route)
        for language, values in translations.items():  # a translation edited in the admin is kept
            WebFormTranslation.objects.get_or_create(web_form=web_form, language=language, defaults=values)
    return created
