"""The standard page renderers, one module each, in the order the router tries them.

Custom renderers (``FRAPPE_WEB["PAGE_RENDERERS"]``, then apps' ``page_renderer`` hooks)
are tried before these. ``WebFormPage`` lives with the web forms and ``AccountPage`` with the accounts, which build on
the website: the chain names them by dotted path, so the website never imports them.
"""

from .base import BaseRenderer
from .document_page import DocumentPage
from .error_page import ErrorPage
from .feed_page import FeedPage
from .list_page import ListPage
from .not_found_page import NotFoundPage
from .not_permitted_page import NotPermittedPage
from .print_page import PrintPage
from .search_page import SearchPage
from .static_page import StaticPage
from .template_page import TemplatePage
from .translated_page import TranslatedPage

STANDARD_RENDERERS: list[type[BaseRenderer] | str] = [
    StaticPage,
    "django_frappe_web.web_forms.pages.WebFormPage",
    DocumentPage,
    TranslatedPage,  # a Web Page at a translation's own route
    TemplatePage,
    "django_frappe_web.accounts.pages.AccountPage",  # after www pages: a project's own www/me.html wins
    SearchPage,
    FeedPage,
    ListPage,
    PrintPage,
    NotFoundPage,
]

__all__ = [
    "STANDARD_RENDERERS", "BaseRenderer", "DocumentPage", "ErrorPage", "FeedPage", "ListPage", "NotFoundPage",
    "NotPermittedPage", "PrintPage", "SearchPage", "StaticPage", "TemplatePage", "TranslatedPage",
]
