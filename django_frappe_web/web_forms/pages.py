"""``WebFormPage``: the renderer of published web forms' pages, and the visitor's flow through
them, as Frappe's (with 302s instead of 301s).

* ``/<r>``: to ``/<r>/list`` when the form shows a list and the visitor is logged in, else ``/<r>/new``;
* ``login_required``: guests go to ``/login?redirect-to=<this page>``; list and response pages
  always need a login (a guest owns nothing);
* ``/<r>/new``: the form; a user who already answered a single-response form is sent to
  their answer (a second POST is a 409);
* ``/<r>/list``: the user's own responses; ``/<r>/<name>``: one of them, read-only -- or,
  when the form has ``allow_edit``, a redirect to ``/<r>/<name>/edit`` (as Frappe's web form
  opens an editable response in edit mode); ``/<r>/<name>/edit`` (``allow_edit``) and
  ``/<r>/<name>/delete`` (``allow_delete``, confirmed by a POST). Someone else's response is
  a 404, like a missing one (checked before any redirect, so the redirect leaks nothing).

Every POST is CSRF-checked (also without ``CsrfViewMiddleware``) and counted by the
submission rate limit. Pages are never cached and carry the form's framing headers.
The website's renderer chain names this renderer by its dotted path: web forms build on the
website, never the other way round.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from ..exceptions import DuplicateEntryError, ValidationError
from ..settings import web_settings
from ..utils import cint, is_same_host_url
from ..website.renderers.base import BaseRenderer
from ..website.sources import render_markdown
from .assets import asset_url
from .drafts import DRAFT_FIELD, draft_data, finish_draft, get_own_draft, own_drafts, save_draft
from .embedding import apply_frame_headers
from .forms import SubmissionForm, WebFormSpec, initial_from_document, load_spec
from .keyed_links import KEY_FIELD, get_request, mark_used
from .layout import ACTION_FIELD, STEP_FIELD, is_navigation, posted_step, render_layout
from .listing import cell, list_columns, sort_order
from .notifications import DEFAULT_SUCCESS_MESSAGE
from .request_body import unreadable_body
from .routes import FormRoute, match, published_form
from .spam import HONEYPOT_FIELD, attachment_errors, check_captcha, honeypot_filled
from .submission import (
    AlreadyAnsweredError,
    check_can_delete,
    check_can_edit,
    check_submission_rate,
    delete_response,
    existing_response,
    get_own_response,
    own_responses,
    save_response,
)
from .translations import FormText, form_alternates, own_route_url, success_title, text_in, translate_form

LIST_PAGE_LENGTH = 20
SAFE_METHODS = ("GET", "HEAD")
POST_ACTIONS = ("new", "edit", "delete")


class WebFormPage(BaseRenderer):
    """The pages of published ``WebForm`` rows: ``/<route>``, ``/<route>/new``, ..."""

    cacheable = False  # per visitor, and they hold a CSRF token

    form_route: FormRoute | None = None
    spec: WebFormSpec | None = None
    text: FormText | None = None  # the translation shown (web_forms/translations.py)
    keyed: Any = None  # the keyed link (WebFormRequest) the page is used with

    def can_render(self) -> bool:
        self.form_route = match(self.path)
        return self.form_route is not None

    @property
    def user(self) -> Any:
        return self.request.user

    @property
    def web_form(self) -> Any:
        return self.spec.web_form

    def render(self) -> HttpResponse:
        language = self.form_route.language  # a translation's own route: that language, whatever the visitor's
        if language is None:
            return self.render_in_language(get_language())
        return self.in_language(language, lambda: self.render_in_language(language))

    def render_in_language(self, language: str | None) -> HttpResponse:
        web_form = published_form(pk=self.form_route.web_form_id)
        self.text = text_in(web_form.pk, language)
        self.spec = load_spec(translate_form(web_form, self.text))  # labels in the page and its errors too
        response = self.unreadable_post() or csrf_protect(lambda request: self.dispatch())(self.request)
        apply_frame_headers(response, self.web_form.allowed_embedding_domains)
        add_never_cache_headers(response)
        return response

    def dispatch(self) -> HttpResponse:
        action = self.form_route.action
        needs_login = self.web_form.login_required or action not in ("index", "new")
        if needs_login and not self.user.is_authenticated:
            return HttpResponseRedirect(f"/login?redirect-to={quote(self.request.get_full_path())}")
        if self.request.method not in SAFE_METHODS:
            if action not in POST_ACTIONS:
                return HttpResponseNotAllowed(SAFE_METHODS)
            if not is_navigation(self.request.POST.get(ACTION_FIELD, "")):  # moving or adding a row saves nothing
                check_submission_rate()
        return getattr(self, f"page_{action}")()

    def unreadable_post(self) -> HttpResponse | None:
        """A clear page for a body Django refuses to parse (when no middleware parsed it first)."""
        if self.request.method != "POST":
            return None
        refused = unreadable_body(self.request, bool(self.spec.attach_fieldnames))
        if refused is None:
            return None
        title, message, status = refused
        return self.message(title, message, self.url("new"), _("Back to the form"), http_status_code=status,
                            indicator_color="red")

    # -- pages ---------------------------------------------------------------------------

    def page_index(self) -> HttpResponse:
        show_list = self.web_form.show_list and self.user.is_authenticated
        return HttpResponseRedirect(self.url("list" if show_list else "new"))

    def page_new(self) -> HttpResponse:
        existing = existing_response(self.spec, self.user)
        if existing is not None:
            name = self.spec.doctype.get_name(existing)
            if self.request.method in SAFE_METHODS:
                return HttpResponseRedirect(self.url("view", name))
            return self.already_answered(name)
        if self.request.method in SAFE_METHODS and self.request.GET.get("draft"):
            draft = get_own_draft(self.web_form, self.user, self.request.GET["draft"])
            data = draft_data(draft)
            keyed = self.keyed_request(data.get(KEY_FIELD))  # a draft begun from a keyed link stays on it
            form = SubmissionForm(self.spec, self.user, data=data, fixed=keyed.hidden_values if keyed else None)
            form.keep_errors_of(None)
            return self.render_form(form, "new", step=min(draft.step, len(self.spec.pages) - 1), draft=draft)
        keyed = self.keyed_request()
        fixed = keyed.hidden_values if keyed is not None else None
        if self.request.method in SAFE_METHODS:
            form = SubmissionForm(self.spec, self.user, initial=self.prefill(keyed.values if keyed else {}), fixed=fixed)
            return self.render_form(form, "new")
        return self.submit(SubmissionForm(self.spec, self.user, data=self.request.POST, files=self.request.FILES,
                                          fixed=fixed), "new")

    def page_list(self) -> HttpResponse:
        if not (self.web_form.show_list and self.spec.owner_field):
            return HttpResponseRedirect(self.url("new"))
        doctype = self.spec.doctype
        columns = list_columns(self.web_form, doctype)
        sort = sort_order(columns, self.request.GET.get("sort"))
        ordering = [sort, "-pk"] if sort else [doctype.sort_field, "-pk"] if doctype.sort_field else ["-pk"]
        page = Paginator(own_responses(self.spec, self.user).order_by(*ordering), LIST_PAGE_LENGTH).get_page(
            self.request.GET.get("page"))
        rows = [{"name": doctype.get_name(obj), "title": doctype.get_title(obj), "url": self.url("view", doctype.get_name(obj)),
                 "cells": [cell(obj, column["name"]) for column in columns]} for obj in page.object_list]
        for column in columns:  # a header sorts by its column, a second click the other way
            column["sort"] = f"-{column['name']}" if sort == column["name"] else column["name"]
            column["sorted"] = "asc" if sort == column["name"] else "desc" if sort == f"-{column['name']}" else ""
        drafts = [{"modified": draft.modified, "url": f"{self.url('new')}?draft={draft.pk}"}
                  for draft in own_drafts(self.web_form, self.user)] if page.number == 1 else []
        context = self.context(title=self.web_form.title, rows=rows, page=page, drafts=drafts, columns=columns,
                               sort_query=f"&sort={sort}" if sort else "")
        return self.render_page("frappe_web/web_form_list.html", context)

    def page_view(self) -> HttpResponse:
        instance = get_own_response(self.spec, self.user, self.form_route.name)
        if self.web_form.allow_edit:
            return HttpResponseRedirect(self.url("edit", self.form_route.name))
        form = SubmissionForm(self.spec, self.user, initial=initial_from_document(self.spec, instance), instance=instance)
        form.make_read_only()
        return self.render_form(form, "view", instance)

    def page_edit(self) -> HttpResponse:
        if not self.web_form.allow_edit and self.request.method in SAFE_METHODS:
            return HttpResponseRedirect(self.url("view", self.form_route.name))
        check_can_edit(self.spec)
        instance = get_own_response(self.spec, self.user, self.form_route.name)
        initial = initial_from_document(self.spec, instance)
        if self.request.method in SAFE_METHODS:
            return self.render_form(SubmissionForm(self.spec, self.user, initial=initial, instance=instance), "edit",
                                    instance)
        form = SubmissionForm(self.spec, self.user, data=self.request.POST, files=self.request.FILES, initial=initial,
                              editing=True, instance=instance)
        return self.submit(form, "edit", instance)

    def page_delete(self) -> HttpResponse:
        check_can_delete(self.spec)
        instance = get_own_response(self.spec, self.user, self.form_route.name)
        if self.request.method in SAFE_METHODS:
            context = self.context(title=f"Delete {self.spec.doctype.get_title(instance)}?",
                                   doc_title=self.spec.doctype.get_title(instance),
                                   view_url=self.url("view", self.form_route.name))
            return self.render_page("frappe_web/web_form_delete.html", context)
        delete_response(self.spec, instance, self.user)
        after = self.url("list") if self.web_form.show_list else self.url("new")
        return self.message(_("Deleted"), _("Your response has been deleted."), after,
                            _("Your responses") if self.web_form.show_list else _("New response"))

    # -- submitting ----------------------------------------------------------------------

    def submit(self, form: SubmissionForm, mode: str, instance: Any = None) -> HttpResponse:
        """Move between steps, add a row, or save a valid form; else show it again with the errors (417, 409)."""
        action, step = self.request.POST.get(ACTION_FIELD, ""), posted_step(self.request.POST, self.spec.pages)
        if not is_navigation(action) and honeypot_filled(self.request.POST):
            return self.message(_("Submission refused"), _("This submission was refused: it filled in a field people "
                                "cannot see, as spam robots do."), self.url("new"), _("Back to the form"),
                                http_status_code=400, indicator_color="red")
        if action == "save_draft" and mode == "new":
            draft = save_draft(self.web_form, self.user, self.request.POST, step)
            return HttpResponseRedirect(f"{self.url('new')}?draft={draft.pk}")
        draft = get_own_draft(self.web_form, self.user, self.request.POST[DRAFT_FIELD]) \
            if mode == "new" and self.request.POST.get(DRAFT_FIELD) else None
        keyed = self.keyed_request() if mode == "new" else None
        if action.startswith("add_row:"):
            return self.add_row(form, action[len("add_row:"):], mode, instance, step, draft)
        if action == "previous":
            form.keep_errors_of(None)
            return self.render_form(form, mode, instance, step=max(step - 1, 0), draft=draft)
        if action == "next":  # never a save, even posted on the last step: it passed no rate limit nor honeypot
            form.is_valid()  # the whole form is cleaned; only this step's errors stop the visitor
            names = self.spec.pages[step].names
            stay = form.has_errors_in(names)
            form.keep_errors_of(names if stay else None)
            return self.render_form(form, mode, instance, status=417 if stay else 200,
                                    step=step if stay else min(step + 1, len(self.spec.pages) - 1), draft=draft)
        status = 417
        if self.accepted(form):
            try:
                doc = save_response(self.spec, form, self.user, instance, fixed=keyed.hidden_values if keyed else None,
                                    on_saved=self.on_saved(draft, keyed))
            except AlreadyAnsweredError as exc:
                return self.already_answered(exc.name)
            except (ValidationError, DuplicateEntryError) as exc:
                form.add_model_errors(getattr(exc, "field_errors", None) or {"__all__": [str(exc)]})
                status = exc.http_status_code if exc.http_status_code in (409, 413) else 417
            else:
                return self.success(doc)
        return self.render_form(form, mode, instance, status=status, step=self.first_step_with_errors(form),
                                draft=draft)

    def accepted(self, form: SubmissionForm) -> bool:
        """The whole form is valid, its uploads within the form's size, and the captcha (if any) solved."""
        valid = form.is_valid()
        for name, message in attachment_errors(self.web_form, form).items():
            form.add_error(name, message)
            valid = False
        try:
            check_captcha(self.request, self.web_form)
        except ValidationError as exc:
            form.add_error(None, f"Captcha: {exc}")
            valid = False
        return valid

    def on_saved(self, draft: Any, keyed: Any) -> list:
        callbacks = [finish_draft(draft)] if draft is not None else []
        return callbacks + ([mark_used(self.web_form, keyed.key)] if keyed is not None else [])

    def keyed_request(self, draft_key: str | None = None) -> Any:
        """The keyed link this page is opened (``?key=``, or the draft's) or posted (hidden field) with;
        404/410 when unusable. Kept for the page, which carries its key on."""
        key = self.request.POST.get(KEY_FIELD) if self.request.method == "POST" else \
            self.request.GET.get("key", draft_key)
        self.keyed = get_request(self.web_form, key) if key is not None else None
        return self.keyed

    def add_row(self, form: SubmissionForm, name: str, mode: str, instance: Any, step: int, draft: Any) -> HttpResponse:
        """Without JavaScript, "Add a row" posts the form and gets it back with one more blank row."""
        data, key = self.request.POST.copy(), f"{name}-TOTAL_FORMS"
        count = cint(data.get(key), -1) if name in form.tables else -1
        if count >= 0:  # anything else is left for the formset to call "not sent completely"
            data[key] = str(min(count + 1, form.tables[name].table.max_rows))
        keyed = self.keyed_request() if mode == "new" else None
        form = SubmissionForm(self.spec, self.user, data=data, files=self.request.FILES, initial=form.initial,
                              editing=form.editing, instance=instance, fixed=keyed.hidden_values if keyed else None)
        form.keep_errors_of(None)
        return self.render_form(form, mode, instance, step=step, draft=draft)

    def first_step_with_errors(self, form: SubmissionForm) -> int:
        for index, page in enumerate(self.spec.pages):
            if form.has_errors_in(page.names):
                return index
        return len(self.spec.pages) - 1

    def success(self, doc: Any) -> HttpResponse:
        """The success message page, or a redirect to ``success_url`` when it stays on this host."""
        target = self.web_form.success_url
        if is_same_host_url(self.request, target):
            return HttpResponseRedirect(target)
        text = self.web_form.success_message
        # Markdown the staff wrote is trusted HTML, as everywhere on the site.
        message = mark_safe(render_markdown(text)[0]) if text else format_html("<p>{}</p>", DEFAULT_SUCCESS_MESSAGE)  # nosec B308 B703 # noqa: S308
        return self.message(success_title(self.web_form, self.text), message, *self.next_step(doc),
                            indicator_color="green")

    def next_step(self, doc: Any) -> tuple[str, str]:
        """Where the success page leads: the saved response, another one, or home."""
        if self.spec.owner_field and self.user.is_authenticated and not self.web_form.anonymous:
            return self.url("view", doc.name), _("See your response")
        if self.web_form.allow_multiple:
            return self.url("new"), _("Submit another response")
        return "/", _("Home")

    def already_answered(self, name: Any) -> HttpResponse:
        return self.message(_("Already answered"), _("You have already submitted this form."),
                            self.url("view", name), _("See your response"), http_status_code=409, indicator_color="orange")

    # -- rendering -----------------------------------------------------------------------

    def prefill(self, values: dict[str, Any]) -> dict[str, Any]:
        """Frappe's pre-filled new forms: ``/<r>/new?field=value`` (or a keyed link's values) for editable fields."""
        editable = {spec.fieldname for spec in self.spec.visible_fields if not spec.read_only}
        return {key: value for key, value in {**self.request.GET.dict(), **values}.items() if key in editable}

    def render_form(self, form: SubmissionForm, mode: str, instance: Any = None, status: int = 200,
                    step: int = 0, draft: Any = None) -> HttpResponse:
        doctype, name = self.spec.doctype, None if instance is None else self.spec.doctype.get_name(instance)
        pages = render_layout(self.spec.pages, form, -1 if mode == "view" else step)
        context = self.context(
            draft=draft, draft_field=DRAFT_FIELD, key_field=KEY_FIELD, honeypot_field=HONEYPOT_FIELD,
            captcha_template=web_settings.WEB_FORM_CAPTCHA_TEMPLATE,
            script_url=asset_url(self.web_form, "js"), style_url=asset_url(self.web_form, "css"),
            link_key=self.keyed.key if self.keyed is not None and mode == "new" else None,
            default_action=len(pages) > 1 or bool(form.tables),
            can_draft=mode == "new" and self.web_form.allow_incomplete and self.user.is_authenticated,
            pages=pages, step=step, step_field=STEP_FIELD, action_field=ACTION_FIELD,
            hidden_values=form.hidden_values_read(),
            is_last_step=step >= len(pages) - 1, multi_step=len(pages) > 1 and mode != "view",
            title=self.web_form.title if instance is None else doctype.get_title(instance),
            form=form,
            mode=mode,
            introduction=mark_safe(render_markdown(self.web_form.introduction_text)[0]) if mode == "new" else "",  # nosec B308 B703 # noqa: S308 - staff-written
            button_label=self.web_form.button_label,  # never empty: translate_form
            doc_name=name,
            edit_url=self.url("edit", name) if mode == "view" and self.web_form.allow_edit else None,
            delete_url=self.url("delete", name) if name is not None and self.web_form.allow_delete else None,
            # Cancel leaves an edit for the list: the response page itself leads back to the edit.
            view_url=self.url("list") if mode == "edit" and self.web_form.show_list else None,
            new_url=self.url("new") if mode == "view" and self.web_form.allow_multiple else None,
        )
        return self.render_page("frappe_web/web_form.html", context, http_status_code=status)

    def message(self, title: str, message: str, primary_action: str, primary_label: str,
                http_status_code: int = 200, indicator_color: str = "blue") -> HttpResponse:
        return self.message_page(title, message, http_status_code, indicator_color, primary_action, primary_label,
                                 **self.form_context())

    def context(self, **extra: Any) -> dict[str, Any]:
        """A page of the form: with its addresses in the form's other languages (hreflang), and the
        translation's own route as the canonical address of the page in its language."""
        languages = {"alternate_links": form_alternates(self.request, self.web_form, self.form_route)}
        own = own_route_url(self.text, self.form_route)
        if own is not None:
            languages["canonical"] = self.request.build_absolute_uri(own)
        return self.get_context(**self.form_context(), **languages, **extra)

    def form_context(self) -> dict[str, Any]:
        """What every page of the form shows: the form, and its list when the visitor has one."""
        show_list = self.web_form.show_list and self.spec.owner_field and self.user.is_authenticated
        list_url = self.url("list") if show_list else None
        parents = [{"route": list_url, "title": self.web_form.title}] if list_url and self.form_route.action != "list" else []
        return {"web_form": self.web_form, "list_url": list_url, "parents": parents}

    def url(self, action: str, name: Any = None) -> str:
        return self.form_route.url(action, name)  # a translation's own route keeps its pages on it
