"""The context every website page gets: site settings, hooks, meta tags and breadcrumbs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string

from .. import frappe
from ..app_hooks import get_hooks
from ..models import WebsiteLink, WebsiteSettings
from ..settings import web_settings
from ..users import is_guest, username_of, visitor
from .dependencies import current
from .generation import model_topic
from .memo import VersionedMemo
from .paths import normalize_path
from .portal_menu import menu_for
from .route_meta import meta_tag_attribute, route_meta
from .shared_pages import real_user
from .theme import theme_stylesheet_url
from .visitor_values import placeholders

_settings_memo = VersionedMemo(maxsize=1)
# The site search's page (renderers/search_page.py), where Website Settings' navbar_search sends its query;
# None hides the top bar's search box.
SEARCH_ROUTE: str | None = "/search"


@dataclass(frozen=True)
class SiteData:
    """The settings row, its links and what every page derives from them, memoised together."""

    site: Any
    links: list
    home_route: str
    theme_stylesheet: str


def get_site_data(memoised: bool = True) -> SiteData:
    """The site's :class:`SiteData`, memoised per version of the settings and links (saving either bumps it)."""
    if not memoised:
        return _load_site_data()
    stamp = current().stamp(model_topic(WebsiteSettings), model_topic(WebsiteLink))
    return _settings_memo.get_or_set(stamp, "settings", _load_site_data)


def get_website_settings(memoised: bool = True) -> tuple[Any, list]:
    """The settings row and its links (:func:`get_site_data`)."""
    data = get_site_data(memoised)
    return data.site, data.links


def _load_site_data() -> SiteData:
    site = WebsiteSettings.load()
    links = list(site.links.all()) if not site._state.adding else []
    return SiteData(site, links, home_route_of(site), theme_stylesheet_url(site))


def home_route_of(site: Any) -> str:
    """The route served at ``/``: the settings row's home page, else ``FRAPPE_WEB["HOME_PAGE"]``."""
    return normalize_path(site.home_page or "") or web_settings.HOME_PAGE


def base_context(request: HttpRequest, route: str, memoised: bool = True) -> dict[str, Any]:
    """Site-wide values; pages add ``title``, ``description``, ``image`` and their own keys.

    ``frappe`` is the facade, as in Frappe's page templates (``{{ frappe.form_dict.q }}``), and ``_``
    its translation function for Jinja2 pages (``{{ _("Hello") }}``; Django templates use ``{% translate %}``).
    """
    data = get_site_data(memoised)
    site, links, home = data.site, data.links, data.home_route
    logged_in = not is_guest(request)
    context: dict[str, Any] = {
        "frappe": frappe,
        "_": frappe._,
        "route": route,
        "path": route,
        "website_settings": site,
        "title_prefix": site.title_prefix,
        "brand_html": site.brand_html,
        "copyright": site.copyright,
        "favicon": site.favicon,
        "footer_text": site.footer_text,
        # Nested as Frappe's top bar and footer: an item's child_items are those whose parent_label is its label.
        "top_bar_items": nested([link for link in links if link.location == "top_bar"]),
        "footer_items": nested([link for link in links if link.location == "footer"]),
        "banner_html": site.banner_html,
        "head_html": site.head_html,
        "hide_login": site.hide_login,
        "navbar_search": site.navbar_search and SEARCH_ROUTE is not None,
        "theme_stylesheet": data.theme_stylesheet,
        "search_route": SEARCH_ROUTE,
        "base_template_path": web_settings.BASE_TEMPLATE,
        # The home page's address is "/", also when it is reached as /index (or /<home page>).
        "canonical": request.build_absolute_uri("/" if route in ("", home) else f"/{route}"),
        # A logged-in user's menu (their page is never cached); none on the 500 page, which asks no database.
        # By groups only (in a shared page's audience): read from the user behind a watched one.
        "portal_menu": menu_for(real_user(request)) if memoised and logged_in else [],
        # The base template's "is someone logged in": a cookieless guest's page loads no session for it.
        "logged_in": logged_in,
    }
    if memoised:  # a routed page: staff's Website Route Meta for it (the 500 page reads no table)
        meta = route_meta(route) or (route_meta("") if route == home else {})
        if meta.get("canonical", "").startswith("/"):
            meta = {**meta, "canonical": request.build_absolute_uri(meta["canonical"])}
        context["route_meta"] = meta
    if memoised and getattr(request, "_frappe_cacheable", False):
        context.update(placeholders())  # the visitor's own token and name go in after the page cache (visitor_values.py)
    else:
        context["session_user"] = username_of(visitor(request))
    for _app, item in get_hooks("website_context"):
        context.update(_context_from_hook(item, context))
    return context


def nested(links: list) -> list[dict[str, Any]]:
    """Top-level links (no ``parent_label``, or one no link has) with their ``child_items``, in order.

    Dicts, not the rows: the memoised rows are shared by every request and must stay unchanged."""
    labels = {link.label for link in links}
    children: dict[str, list] = {}
    for link in links:
        if link.parent_label and link.parent_label in labels and link.parent_label != link.label:
            children.setdefault(link.parent_label, []).append({"label": link.label, "url": link.url})
    return [{"label": link.label, "url": link.url, "child_items": children.get(link.label, [])}
            for link in links if not (link.parent_label and link.parent_label in labels and link.parent_label != link.label)]


def _context_from_hook(item: Any, context: dict[str, Any]) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    function = import_string(item) if isinstance(item, str) else item
    return function(context) or {}


def finalize_meta(context: dict[str, Any]) -> dict[str, Any]:
    """Fill the meta tags from what the page set (``title``, ``description``, ``image``)."""
    _apply_route_meta(context)
    title = context.get("title") or ""
    prefix = context.get("title_prefix")
    context["page_title"] = f"{prefix} | {title}" if prefix and title and prefix != title else (title or prefix or "")
    context.setdefault("description", "")
    context["image"] = context.get("image") or context.get("meta_image") or ""
    context["metatags"] = {
        "title": title,
        "description": context["description"],
        "image": context["image"],
        "url": context.get("canonical", ""),
    }
    return context


def _apply_route_meta(context: dict[str, Any]) -> None:
    """Staff's values for this route win over the page's own (title, description, image,
    canonical); ``noindex`` and extra tags go into ``robots`` and ``extra_meta_tags``."""
    meta = context.get("route_meta") or {}
    if not meta:
        return
    for key, target in (("meta_title", "title"), ("description", "description"), ("image", "image")):
        if meta.get(key):
            context[target] = meta[key]
    if meta.get("canonical"):
        context["canonical"] = meta["canonical"]
    if meta.get("noindex"):
        context["robots"] = "noindex"
    context["extra_meta_tags"] = [{"attribute": meta_tag_attribute(tag["key"]), **tag} for tag in meta.get("meta_tags", [])]


def breadcrumbs(route: str, title_of) -> list[dict[str, str]]:
    """Links to each parent of a nested route (``docs/setup`` → Docs), via ``title_of(route)``."""
    crumbs = []
    parts = route.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        parent = "/".join(parts[:depth])
        title = title_of(parent)
        if title:
            crumbs.append({"route": f"/{parent}", "title": title})
    return crumbs
