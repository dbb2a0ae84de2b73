"""``FrappeMiddleware``: gives every request its ``frappe.local``.

Add it after ``AuthenticationMiddleware``. It is a plain class that is both
sync- and async-capable (Django picks the matching path), sets up the request
context, turns Frappe exceptions raised by views into responses (and a database that
cannot be reached into a 503: :mod:`.database_errors`), renders a pending
``frappe.respond_as_web_page`` message, saves ``frappe.session.data``, and sends the
``X-RateLimit-*`` headers of the limits the request was counted against (:mod:`.rate_limiter`).

It also chooses the request's language (:mod:`.languages`), activates it for the view and sets
``frappe.local.lang``, ``request.LANGUAGE_CODE``, ``Content-Language`` and ``Vary``, unless Django's
``LocaleMiddleware`` comes after it in ``MIDDLEWARE``: then Django's choice stands (system check
``django_frappe_web.W120`` says so).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from . import languages
from .database_errors import DATABASE_ERRORS
from .local import Local, reset_local, set_local
from .responses import exception_response, render_message_page, wants_json

LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"
MIDDLEWARE_PATH = "django_frappe_web.middleware.FrappeMiddleware"


def locale_middleware_decides(middleware: list[str]) -> bool:
    """Whether Django's ``LocaleMiddleware`` runs inside ours (after it in ``MIDDLEWARE``): its choice is the last."""
    if LOCALE_MIDDLEWARE not in middleware or MIDDLEWARE_PATH not in middleware:
        return LOCALE_MIDDLEWARE in middleware
    return middleware.index(LOCALE_MIDDLEWARE) > middleware.index(MIDDLEWARE_PATH)


class FrappeMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)
        self.chooses_language = settings.USE_I18N and not locale_middleware_decides(list(settings.MIDDLEWARE))

    def __call__(self, request: HttpRequest):
        # The per-request path is kept to a Local, a context variable set and reset, and one
        # look at what is left to finish: anything that can be decided once is decided in __init__.
        if self.is_async:
            return self.__acall__(request)
        local = Local(request, initialised=True)
        token = set_local(local)
        try:
            if not self.chooses_language:
                return self.respond(request, local)
            choice = languages.choose(request)
            previous = self.use_language(request, local, choice)
            try:
                response = self.respond(request, local)
            finally:
                if previous is not None:
                    translation.activate(previous)
            languages.add_language_headers(request, response, choice)
            return response
        finally:
            reset_local(token)

    def respond(self, request: HttpRequest, local: Local) -> HttpResponse:
        response = self.get_response(request)
        if not self.has_work_to_finish(local):  # most requests: nothing to finish
            return response
        try:
            return self.finish(request, response, local)
        except DATABASE_ERRORS as exc:
            return exception_response(request, exc)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        local = Local(request, initialised=True)
        token = set_local(local)
        try:
            if hasattr(request, "auser"):
                # request.user would query the database synchronously inside an async view;
                # load it here, the async way, so frappe.session.user works there too.
                local.user = await request.auser()
            if not self.chooses_language:
                return await self.arespond(request, local)
            choice = languages.explicit_choice(request)
            if choice is None and getattr(local.user, "is_authenticated", False):
                # The user's language is a query: not from the event loop.
                choice = await sync_to_async(languages.choose, thread_sensitive=True)(request, local.user)
            elif choice is None:
                choice = languages.choose(request, local.user)
            previous = self.use_language(request, local, choice)
            try:
                response = await self.arespond(request, local)
            finally:
                if previous is not None:
                    translation.activate(previous)
            languages.add_language_headers(request, response, choice)
            return response
        except DATABASE_ERRORS as exc:  # loading the user (the session, then the user row), or finish()
            return exception_response(request, exc)
        finally:
            reset_local(token)

    async def arespond(self, request: HttpRequest, local: Local) -> HttpResponse:
        response = await self.get_response(request)
        if self.has_work_to_finish(local):
            # Rendering the message page (its template reads request.user and the site's
            # settings) and saving the session touch the database: not from the event loop.
            response = await sync_to_async(self.finish, thread_sensitive=True)(request, response, local)
        return response

    @staticmethod
    def use_language(request: HttpRequest, local: Local, choice: languages.Choice) -> str | None:
        """The chosen language, active, as ``frappe.local.lang`` and ``request.LANGUAGE_CODE`` (the page
        cache's key); the language to restore afterwards (``None``: nothing to restore)."""
        local.lang = request.LANGUAGE_CODE = choice.language
        return languages.activate(choice)

    @staticmethod
    def has_work_to_finish(local: Local) -> bool:
        return (local.message_page is not None or local.rate_limit is not None
                or (local._session is not None and local._session._data is not None))

    def finish(self, request: HttpRequest, response: HttpResponse, local: Local) -> HttpResponse:
        if local.message_page is not None and not wants_json(request):
            response = render_message_page(request, **local.message_page)
        if local._session is not None:
            local._session.persist()
        if local.rate_limit is not None:
            for header, value in local.rate_limit.headers().items():
                response.headers.setdefault(header, value)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return exception_response(request, exception)
