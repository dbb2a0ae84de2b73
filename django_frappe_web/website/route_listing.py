"""Every known route, its source and the renderer serving it (``manage.py list_routes``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..content_models import RouteTranslation, WebPageTranslation
from ..doctypes import site
from ..models import WebForm, WebFormTranslation
from . import router
from .www_index import get_www_index


@dataclass(frozen=True)
class KnownRoute:
    route: str
    source: str
    renderer: str


def iter_routes() -> Iterator[KnownRoute]:
    for page in get_www_index().iter_pages():
        yield KnownRoute("/" + ("" if page.route == "index" else page.route), f"www: {page.path}", "TemplatePage")
    for static in get_www_index().iter_static():
        yield KnownRoute(f"/{static.route}", f"www file: {static.path}", "StaticPage")
    for doctype in site:
        if doctype.has_web_view and doctype.route_field:
            rows = doctype.get_queryset().filter(doctype.published_q()).exclude(**{doctype.route_field: ""})
            for route in rows.values_list(doctype.route_field, flat=True).iterator():
                yield KnownRoute(f"/{route}", f"doctype: {doctype.name}", "DocumentPage")
    for translation in (WebPageTranslation.objects.filter(page__published=True).exclude(route=None)
                        .select_related("page").order_by("route")):
        yield KnownRoute(f"/{translation.route}", f"web page: {translation.page.title} in {translation.language}",
                         "TranslatedPage")
    for translation in RouteTranslation.objects.select_related("content_type").order_by("route"):
        model = translation.content_type.model_class()
        doctype = site.get_for_model(model) if model is not None else None
        if doctype is not None and doctype.has_web_view:
            yield KnownRoute(f"/{translation.route}", f"doctype: {doctype.name} {translation.object_id} in "
                             f"{translation.language}", "TranslatedPage")
    for doctype in site:
        if doctype.has_web_view:
            for route in dict.fromkeys(filter(None, (doctype.name, doctype.list_route))):
                yield KnownRoute(f"/{route}", f"list of doctype: {doctype.name}", "ListPage")
    for form in WebForm.objects.filter(published=True).order_by("route"):
        yield KnownRoute(f"/{form.route}", f"web form: {form.title} ({form.doctype})", "WebFormPage")
    for translation in (WebFormTranslation.objects.filter(web_form__published=True).exclude(route=None)
                        .select_related("web_form").order_by("route")):
        yield KnownRoute(f"/{translation.route}", f"web form: {translation.web_form.title} in {translation.language}",
                         "WebFormPage")
    for rule in router.load_redirect_rules():
        yield KnownRoute(rule.source, f"redirect ({rule.origin}) → {rule.target} [{rule.status}]", "redirect")
    for rule in router.load_route_rules():
        yield KnownRoute(rule.from_route, f"route rule ({rule.origin}) → {rule.to_route}", "route rule")
