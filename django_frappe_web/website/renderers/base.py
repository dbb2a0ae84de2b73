"""``BaseRenderer``: the contract every page renderer follows, and the page-rendering helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from ...settings import web_settings
from ..context import base_context, finalize_meta
from ..page_templates import content_template


class BaseRenderer:
    """A page renderer, tried in order by the website router.

    Subclasses implement :meth:`can_render` (cheap: it runs for every request that
    reaches this renderer) and :meth:`render`. Set ``cacheable = False`` for pages
    that must never be stored in the page cache.
    """

    cacheable: bool = True

    def __init__(self, path: str, request: HttpRequest, http_status_code: int | None = None):
        self.path = path
        self.request = request
        self.http_status_code = http_status_code or 200
        self.headers: dict[str, str] = {}
        # Set by the router: the page's reads are noted and the site data memoised (:mod:`..dependencies`).
        self.routed = False
        # A route rule's arguments (captures and defaults), also in ``frappe.form_dict``; set by the router.
        self.route_args: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path!r}>"

    def can_render(self) -> bool:
        raise NotImplementedError("Renderers must implement can_render()")

    def render(self) -> HttpResponse:
        raise NotImplementedError("Renderers must implement render()")

    def build_response(self, body: str | bytes, http_status_code: int | None = None,
                       headers: dict[str, str] | None = None) -> HttpResponse:
        response = HttpResponse(body, status=http_status_code or self.http_status_code,
                                content_type="text/html; charset=utf-8")
        for name, value in {**self.headers, **(headers or {})}.items():
            response[name] = value
        return response

    @staticmethod
    def in_language(language: str, render: Callable[[], HttpResponse]) -> HttpResponse:
        """``render()`` in ``language`` whatever the visitor's (a translation's own route), saying so:
        the language middleware leaves a ``Content-Language`` the page set (and its ``Vary``) as it is."""
        with translation.override(language):
            response = render()
        response["Content-Language"] = language
        return response

    # -- helpers for HTML pages -------------------------------------------------------

    def get_context(self, **extra: Any) -> dict[str, Any]:
        # A page built outside the router (the 500 page) reads the settings row itself rather
        # than asking the cache, which may be what failed.
        context = base_context(self.request, self.path, memoised=self.routed)
        context.update(extra)
        return context

    def message_page(self, title: str, message: str, http_status_code: int = 200, indicator_color: str = "blue",
                     primary_action: str | None = "/", primary_label: str | None = "Home", **extra: Any) -> HttpResponse:
        """``frappe_web/message.html`` in the site's layout: ``message`` is escaped unless it is a
        ``SafeString`` (``format_html``, rendered Markdown the staff wrote)."""
        context = self.get_context(title=title, message=message, indicator_color=indicator_color,
                                   primary_action=primary_action, primary_label=primary_label,
                                   http_status_code=http_status_code, **extra)
        return self.render_page("frappe_web/message.html", context, http_status_code=http_status_code)

    def render_page(self, template: Any = None, context: dict[str, Any] | None = None,
                    content: str | None = None, http_status_code: int | None = None) -> HttpResponse:
        """Render ``template`` (a name, a list of names, or a compiled template; by default the
        base template around ``content``) with the page context."""
        context = finalize_meta(context if context is not None else self.get_context())
        if content is None and isinstance(template, (str, list, tuple)):
            part = content_template([template] if isinstance(template, str) else list(template))
            if part is not None:  # one of the package's templates: its content in the base template, no {% extends %}
                content, template = render_to_string(part, context, request=self.request), None
        if content is not None:
            context["content"] = mark_safe(content)  # nosec B308 B703 # noqa: S308 - rendered by us from trusted sources
        template = template or context.get("base_template_path") or web_settings.BASE_TEMPLATE
        if hasattr(template, "render"):
            body = template.render(context, self.request)
        else:
            body = render_to_string(template, context, request=self.request)
        return self.build_response(body, http_status_code)
