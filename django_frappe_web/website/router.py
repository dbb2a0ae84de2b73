"""The website router: redirects → route rules → renderers, for the one catch-all view.

The redirect and route-rule tables are compiled once per process and per version of the
redirects (see :mod:`.generation`), so a warm request runs no database query to resolve them,
a redirect saved in any process is seen by all of them, and other writes keep them.

A request's path: one cache round trip reads the versions it needs with its cached page
(:func:`.page_cache.lookup`); a current page is answered at once; else the page is resolved
and rendered with its reads noted (:mod:`.dependencies`), and a guest's 200 is stored with them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.module_loading import import_string

from ..app_hooks import get_hooks
from ..database_errors import DATABASE_ERRORS
from ..exceptions import DoesNotExistError, FrappeError, PermissionError
from ..local import get_local
from ..models import WebsiteRedirect
from ..responses import exception_response
from ..settings import web_settings
from ..users import GUEST
from . import page_cache, shared_pages
from .context import get_site_data
from .dependencies import PageVersions, activated, current
from .generation import model_topic
from .memo import VersionedMemo
from .paths import normalize_route
from .redirects import RedirectAttempt, RedirectMatch, RedirectResolver, RedirectRule
from .renderers import STANDARD_RENDERERS, BaseRenderer, ErrorPage, NotFoundPage, NotPermittedPage
from .route_rules import RouteRule, RouteRuleResolver
from .visitor_values import insert_token

logger = logging.getLogger("django_frappe_web.website")


@dataclass
class Resolution:
    """What the router decided for one path (``manage.py explain_route`` prints it)."""

    raw_path: str
    route: str | None
    redirect: RedirectMatch | None = None
    rule: Any = None
    renderer: BaseRenderer | None = None
    verdicts: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Explanation:
    """Why a request gets its answer: what :meth:`Router.explain` found."""

    redirect_rules: int  # how many redirect rules there are
    redirects_tried: list[RedirectAttempt]  # the candidates the index selected, up to the match
    resolution: Resolution
    status: int  # what the site answers
    error: BaseException | None = None  # what the page raised when the answer is the 500 page


class Router:
    """The compiled redirect and route-rule tables and the renderer chain, for one version of the redirects."""

    def __init__(self) -> None:
        self.redirects = RedirectResolver(load_redirect_rules())
        self.route_rules = RouteRuleResolver(load_route_rules())
        self.renderers = renderer_classes()

    def find_redirect(self, request: HttpRequest) -> RedirectMatch | None:
        return self.redirects.resolve(request.path_info.strip("/"), request.META.get("QUERY_STRING", ""))

    def explain(self, request: HttpRequest) -> Explanation:
        """The redirects tried, the route rule matched, each renderer's verdict and the final
        status of ``request``; the page is rendered as the site would, without the page cache."""
        tried = self.redirects.explain(request.path_info.strip("/"), request.META.get("QUERY_STRING", ""))
        resolution = resolve(request, explain=True)
        explanation = Explanation(len(self.redirects), tried, resolution, status=404)
        if resolution.redirect is not None:
            explanation.status = resolution.redirect.status
        elif resolution.route is not None:  # else a path that is never a route: the 404 page
            try:
                explanation.status = render_safely(resolution.renderer, request).status_code
            except Exception as exc:  # noqa: BLE001 - what the site would answer: the 500 page
                explanation.status, explanation.error = 500, exc
        return explanation


def load_redirect_rules() -> list[RedirectRule]:
    """Settings first, then app hooks, then enabled rows by priority and id; broken ones are skipped."""
    sources = [("settings", item) for item in web_settings.WEBSITE_REDIRECTS]
    sources += [(f"hooks:{app}", item) for app, item in get_hooks("website_redirects")]
    sources += [(f"db:{row.pk}", row.as_rule_dict()) for row in WebsiteRedirect.objects.filter(enabled=True)]
    return _build_rules(RedirectRule.from_dict, sources, "redirect")


def load_route_rules() -> list[RouteRule]:
    sources = [("settings", item) for item in web_settings.WEBSITE_ROUTE_RULES]
    sources += [(f"hooks:{app}", item) for app, item in get_hooks("website_route_rules")]
    return _build_rules(RouteRule.from_dict, sources, "route rule")


def _build_rules(factory, sources, kind: str) -> list:
    rules = []
    for origin, data in sources:
        try:
            rules.append(factory(data, origin=origin))
        except (DjangoValidationError, TypeError, KeyError, ValueError) as exc:
            # A bad row saved around the admin's validation must not take the site down.
            logger.warning("Skipping invalid %s from %s: %s", kind, origin, exc)
    return rules


_routers = VersionedMemo(maxsize=1)


def get_router() -> Router:
    """The router of the current redirects (settings, hooks and route rules change with ``site``)."""
    return _routers.get_or_set(current().stamp(model_topic(WebsiteRedirect)), "router", Router)


def _reset_routers(*, setting: str, **kwargs: Any) -> None:
    if setting in ("FRAPPE_WEB", "INSTALLED_APPS"):
        _routers.clear()


setting_changed.connect(_reset_routers)


def renderer_classes() -> list[type[BaseRenderer]]:
    """Custom renderers (settings, then app hooks) before the standard chain; dotted paths imported."""
    chain = [*web_settings.PAGE_RENDERERS, *(item for _app, item in get_hooks("page_renderer")), *STANDARD_RENDERERS]
    return [import_string(item) if isinstance(item, str) else item for item in chain]


def home_route() -> str:
    return get_site_data(memoised=True).home_route


def resolve(request: HttpRequest, explain: bool = False) -> Resolution:
    """Decide what serves ``request``; with ``explain`` every renderer's verdict is recorded.

    Redirects are matched on the raw path, before it is made a route: a rule may catch any path
    (``/.well-known/change-password``, ``/_old/page``). The www rules (no hidden or private
    segment) apply only where a www folder is read (``WWWIndex.find_page``/``find_static``).
    """
    raw = request.path_info
    router = get_router()
    redirect = router.find_redirect(request)
    route = normalize_route(raw)
    resolution = Resolution(raw_path=raw, route=route, redirect=redirect)
    if redirect is not None:
        return resolution
    if route is None:
        resolution.renderer = NotFoundPage(raw.strip("/")[:200], request)
        return resolution
    route = route or home_route()
    rule_match = router.route_rules.resolve(route)
    if rule_match is not None:
        resolution.rule = rule_match
        get_local().form_dict.update(rule_match.form_dict)
        route = rule_match.to_route.strip("/")
    resolution.route = route
    for renderer_class in router.renderers:
        renderer = renderer_class(route, request)
        renderer.routed = True
        if rule_match is not None:
            renderer.route_args = dict(rule_match.form_dict)
        accepted = bool(renderer.can_render())
        resolution.verdicts.append((f"{renderer_class.__module__}.{renderer_class.__qualname__}", accepted))
        if accepted and resolution.renderer is None:
            resolution.renderer = renderer
            if rule_match is not None:
                renderer.cacheable = False  # captured arguments make the page depend on the URL
            if not explain:
                break  # explaining goes on, to show every renderer's verdict
    return resolution


def serve(request: HttpRequest) -> HttpResponse:
    """The catch-all view's work: cache lookup, resolution, rendering and error pages."""
    route_key = request.path_info
    try:
        cacheable = page_cache.is_cacheable_request(request)
    except DATABASE_ERRORS:
        # The database is down and the visitor has a session, so who they are cannot be known:
        # the public copy of the page is still better than a 503 (the only check left was the user).
        _versions, cached = page_cache.lookup(request, route_key, with_page=True)
        if cached is not None:
            return insert_token(request, cached, username=GUEST)  # the guest's copy, as to a guest
        raise
    # A path whose page this process last found or stored is looked up first (a hit costs no
    # resolving); any other is resolved first, so a 404 or a redirect asks the cache nothing.
    look_first = cacheable and page_cache.cached_here(request, route_key)
    versions, cached = page_cache.lookup(request, route_key, with_page=look_first)
    if cached is not None:
        return insert_token(request, cached)  # the visitor's own CSRF token, after the cache (visitor_values.py)
    request._frappe_cacheable = cacheable  # the page is rendered with a CSRF placeholder (context.py)
    look_after = (lambda: page_cache.cached_page(request, route_key, versions)) if cacheable and not look_first else None
    # shared_pages.watching: a logged-in user's page that reads what is theirs alone is not stored.
    with activated(versions), shared_pages.watching(request) if cacheable else nullcontext():
        response, renderer = _answer(request, look_after)
    stored = response.get("X-From-Cache") == "True"
    if cacheable and renderer is not None and renderer.cacheable and not shared_pages.read_per_user(request):
        stored = page_cache.store_page(request, route_key, response, versions)
        response["X-From-Cache"] = "False"
    page_cache.remember_versions(request, route_key, versions, cached=stored)
    return insert_token(request, response)  # fresh or found after resolving: the visitor's own CSRF token


def _answer(request: HttpRequest, cached_page: Callable[[], HttpResponse | None] | None = None,
            ) -> tuple[HttpResponse, BaseRenderer | None]:
    """The response and the renderer that made it (``None``: a redirect, an error page, or the
    cached page ``cached_page()`` found once the path resolved to a page that may be cached)."""
    try:
        resolution = resolve(request)
        if resolution.redirect is not None:
            return HttpResponseRedirect(resolution.redirect.location, status=resolution.redirect.status), None
        renderer = resolution.renderer
        if cached_page is not None and renderer.cacheable and renderer.http_status_code == 200:  # 404s are never stored
            cached = cached_page()
            if cached is not None:
                return cached, None
        return render_safely(renderer, request), renderer
    except Exception as exc:  # noqa: BLE001 - anything unexpected becomes the 500 page
        if cached_page is not None and isinstance(exc, DATABASE_ERRORS):
            cached = cached_page()  # the database is down: a page another process cached is still right
            if cached is not None:
                return cached, None
        # A FrappeError raised while resolving (e.g. a malformed body read for a route rule's
        # form_dict) or a database that cannot be reached (503) has its own answer.
        return exception_response(request, exc) or error_response(request, exc), None


def explain(request: HttpRequest) -> Explanation:
    """:meth:`Router.explain` for ``request`` with the current versions (``manage.py explain_route``)."""
    with activated(PageVersions()):
        return get_router().explain(request)


def render_safely(renderer: BaseRenderer, request: HttpRequest) -> HttpResponse:
    """``renderer.render()``, with Frappe's exceptions turned into their pages."""
    try:
        return renderer.render()
    except PermissionError as exc:
        renderer.cacheable = False
        return NotPermittedPage(renderer.path, request, message=str(exc)).render()
    except DoesNotExistError:
        return NotFoundPage(renderer.path, request).render()
    except FrappeError as exc:  # frappe.Redirect included: exception_response answers both
        renderer.cacheable = False
        return exception_response(request, exc)


def error_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    logger.error("Error rendering %s", request.path, exc_info=exc)
    return ErrorPage(request.path_info.strip("/"), request, exception=exc).render()
