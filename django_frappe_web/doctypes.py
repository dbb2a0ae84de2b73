"""The doctype registry: Django models registered like ``ModelAdmin``.

::

    from django_frappe_web import doctypes

    @doctypes.register(Article)
    class ArticleDocType(doctypes.DocType):
        name_field = "slug"
        has_web_view = True

Every installed app's ``doctypes.py`` is imported at start-up (like ``admin.py``).
The registry feeds the document API (``frappe.get_doc``), the query builder,
the website's document/list/print pages and the REST API.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.module_loading import autodiscover_modules

from .exceptions import DoesNotExistError
from .local import resolve_user
from .translate import _

STANDARD_FIELDS = ("owner", "creation", "modified", "modified_by")
PERMISSION_CODENAMES = {"read": "view", "write": "change", "create": "add", "delete": "delete"}


class AlreadyRegistered(Exception):
    pass


class NotRegistered(Exception):
    pass


class DocType:
    """Options for one registered model; subclass and set attributes to change them."""

    name: str | None = None
    name_field: str | None = None
    title_field: str | None = None
    has_web_view: bool = False
    route_field: str | None = None
    is_published_field: str | None = None
    allow_guest_to_view: bool = False
    list_fields: list[str] | None = None
    sort_field: str | None = None
    search_fields: list[str] | None = None
    fields: list[str] | None = None
    exclude: list[str] = []
    read_only: bool = False
    owner_field: str | None = None
    creation_field: str | None = None
    modified_field: str | None = None
    modified_by_field: str | None = None
    serializer_class: Any = None
    viewset_class: Any = None
    auto_route_from_title: bool = False
    list_route: str | None = None
    # Feeds (RSS/Atom at <list route>/rss.xml and /atom.xml, website/feeds.py): the date each item
    # is published on (default: sort_field when it is a date) and the field shown as its summary.
    feed_date_field: str | None = None
    feed_description_field: str | None = None
    # Frappe's submittable doctypes: docstatus 0 draft, 1 submitted, 2 cancelled (see docstatus.py).
    is_submittable: bool = False
    docstatus_field: str | None = None
    allow_on_submit: list[str] = []
    amended_from_field: str | None = None
    # The portal's "my documents" (Frappe's if_owner and has_website_permission): logged-in users read
    # their own documents (get_list_queryset), and the list page shows each user only theirs.
    owner_scoped: bool = False

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.opts = model._meta
        self.name = self.name or _default_name(model)
        self.name_field = self.name_field or self.opts.pk.name
        self.route_field = self.route_field or self._existing("route")
        self.is_published_field = self.is_published_field or self._existing("published")
        self.title_field = self.title_field or self._existing("title") or self.name_field
        self.owner_field = self.owner_field or self._existing("owner")
        self.creation_field = self.creation_field or self._existing("creation")
        self.modified_field = self.modified_field or self._existing("modified")
        self.modified_by_field = self.modified_by_field or self._existing("modified_by")
        if self.is_submittable:
            self.docstatus_field = self.docstatus_field or self._existing("docstatus")
            self.amended_from_field = self.amended_from_field or self._existing("amended_from")
        if self.sort_field is None:
            self.sort_field = f"-{self.modified_field}" if self.modified_field else f"-{self.opts.pk.name}"
        if self.search_fields is None:
            self.search_fields = [self.title_field]
        # The list page answers at /<name> and, when set, at this route too ("blog" or "/blog/").
        self.list_route = self.list_route.strip("/") if self.list_route else None

    def __repr__(self) -> str:
        return f"<DocType {self.name} ({self.opts.label})>"

    def _existing(self, fieldname: str) -> str | None:
        try:
            self.opts.get_field(fieldname)
        except FieldDoesNotExist:
            return None
        return fieldname

    # -- fields ---------------------------------------------------------------------

    @cached_property
    def field_map(self) -> dict[str, models.Field]:
        """Exposed concrete fields by name (foreign keys by field name, not ``*_id``)."""
        exposed = {}
        allowed = set(self.fields) if self.fields is not None else None
        for field in self.opts.concrete_fields:
            if field.name in self.exclude or (allowed is not None and field.name not in allowed):
                continue
            exposed[field.name] = field
        return exposed

    @cached_property
    def link_fields(self) -> dict[str, models.Field]:
        """Exposed links (many-to-one and one-to-one foreign keys) by name."""
        return {name: field for name, field in self.field_map.items() if field.many_to_one or field.one_to_one}

    @property
    def fieldnames(self) -> list[str]:
        return list(self.field_map)

    def get_field(self, fieldname: str) -> models.Field | None:
        """The model field behind a doctype fieldname; ``"name"`` is the name field (``"docstatus"`` the
        docstatus field)."""
        fieldname = self.resolve_fieldname(fieldname) if fieldname in ("name", "docstatus") else fieldname
        return self.field_map.get(fieldname) or (
            self.opts.get_field(self.name_field) if fieldname == self.name_field else None
        )

    def resolve_fieldname(self, fieldname: str) -> str:
        """The model attribute a doctype fieldname reads (``name`` → the name field)."""
        if fieldname == "name" and "name" not in self.field_map:
            return self.name_field
        if fieldname == "docstatus" and self.docstatus_field and "docstatus" not in self.field_map:
            return self.docstatus_field
        return fieldname

    # -- rows -----------------------------------------------------------------------

    def get_queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    def get_name(self, instance: models.Model) -> Any:
        value = getattr(instance, self.opts.get_field(self.name_field).attname)
        return value

    def get_title(self, instance: models.Model) -> str:
        return str(getattr(instance, self.title_field, "") or self.get_name(instance))

    def get_route(self, instance: models.Model) -> str | None:
        return getattr(instance, self.route_field, None) if self.route_field else None

    # What guests may see: published and, for a model with a schedule (a Web Page's start and end
    # dates, through ``is_live()`` and ``live_q()``), live now. The one rule for the API, the
    # website's pages and lists, search, feeds and the sitemap.

    def is_published(self, instance: models.Model) -> bool:
        if self.is_published_field and not getattr(instance, self.is_published_field):
            return False
        is_live = getattr(instance, "is_live", None)
        return is_live() if callable(is_live) else True

    def published_q(self) -> models.Q:
        """:meth:`is_published` as a filter."""
        live_q = getattr(self.model, "live_q", None)
        return models.Q(**self.published_filter()) & (live_q() if callable(live_q) else models.Q())

    def published_filter(self) -> dict[str, Any]:
        """The published flag alone, as filter arguments (without the schedule: :meth:`published_q`)."""
        return {self.is_published_field: True} if self.is_published_field else {}

    def clean_name(self, name: Any) -> Any:
        """Convert a name from a URL or API call to the name field's type, or raise DoesNotExistError."""
        field = self.opts.get_field(self.name_field)
        if name is None or (isinstance(name, str) and (not name or len(name) > 1000 or "\x00" in name)):
            raise DoesNotExistError(_("{0} {1} not found").format(self.name, repr(name)))
        try:
            return field.to_python(name)
        except (DjangoValidationError, TypeError, ValueError):
            raise DoesNotExistError(_("{0} {1} not found").format(self.name, repr(name))) from None

    def get_object(self, name: Any, queryset: models.QuerySet | None = None) -> models.Model:
        queryset = self.get_queryset() if queryset is None else queryset
        value = self.clean_name(name)
        try:
            return queryset.get(**{self.name_field: value})
        except self.model.DoesNotExist:
            raise DoesNotExistError(_("{0} {1} not found").format(self.name, name)) from None

    # -- permissions ----------------------------------------------------------------

    def permission_codename(self, ptype: str) -> str:
        action = PERMISSION_CODENAMES.get(ptype, ptype)
        return f"{self.opts.app_label}.{action}_{self.opts.model_name}"

    def has_permission(self, ptype: str = "read", user: Any = None, doc: models.Model | None = None) -> bool:
        """Whether ``user`` may ``read``/``write``/``create``/``delete`` this doctype (or ``doc``).

        Superusers may do anything; guests may only read published documents of
        ``allow_guest_to_view`` doctypes; others need Django's model permission
        (``view`` for read). ``read_only`` doctypes refuse writes to everyone.
        """
        user = resolve_user(user)
        if ptype != "read" and self.read_only:
            return False
        if user.is_superuser:
            return True
        if not user.is_authenticated:
            if ptype != "read" or not self.allow_guest_to_view:
                return False
            return doc is None or self.is_published(doc)
        if user.has_perm(self.permission_codename(ptype)):
            return True
        if ptype == "read" and self.owner_scoped and (doc is None or self.is_own(doc, user)):
            return True
        # Logged-in users may read what guests may read.
        return ptype == "read" and self.allow_guest_to_view and (doc is None or self.is_published(doc))

    def get_permitted_queryset(
        self, user: Any = None, queryset: models.QuerySet | None = None, *, published_only: bool = False
    ) -> models.QuerySet:
        """Rows ``user`` may read: everything with the view permission, else published rows.

        ``published_only`` (the website's lists): published rows whatever the permission; the
        condition is added once, not once for the permission and again for the page.
        """
        user = resolve_user(user)
        queryset = self.get_queryset() if queryset is None else queryset
        if user.is_superuser or (user.is_authenticated and user.has_perm(self.permission_codename("read"))):
            return queryset.filter(self.published_q()) if published_only else queryset
        if self.owner_scoped and user.is_authenticated:
            own = queryset.filter(pk__in=self.get_list_queryset(user).values("pk"))
            if published_only:
                return own.filter(self.published_q())
            return (own | queryset.filter(self.published_q())) if self.allow_guest_to_view else own
        if self.allow_guest_to_view:
            return queryset.filter(self.published_q())
        return queryset.none()

    def get_list_queryset(self, user: Any) -> models.QuerySet:
        """The documents that are ``user``'s own (``owner_scoped``): by ``owner_field`` (a link to the
        user, or their username as Frappe stores it). Override for another rule (a customer's orders)."""
        if not self.owner_field or not getattr(user, "is_authenticated", False):
            return self.get_queryset().none()
        owner = self.opts.get_field(self.owner_field)
        return self.get_queryset().filter(**{self.owner_field: user if owner.is_relation else user.get_username()})

    def is_own(self, doc: models.Model, user: Any) -> bool:
        return self.get_list_queryset(user).filter(pk=doc.pk).exists()

    def get_list_context(self, context: dict[str, Any]) -> dict[str, Any] | None:
        """Frappe's ``get_list_context``: what the list page changes (``title``, ``template``,
        ``row_template``, ``filters``, or any key for the template); ``None`` changes nothing."""
        return None


def link_name_field(field: models.Field) -> models.Field | None:
    """The field holding a link's *name* when reading it needs a join: the target doctype's name
    field, unless that is what the foreign key stores already (its primary key or ``to_field``)."""
    target = site.get_for_model(field.related_model)
    if target is None or target.name_field in (target.opts.pk.name, field.target_field.name):
        return None
    return target.opts.get_field(target.name_field)


def with_link_names(doctype: DocType, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """``queryset`` (the doctype's rows by default) joined to the links whose value is shown as the
    linked document's name, not its key: reading a document's links then costs no query each."""
    queryset = doctype.get_queryset() if queryset is None else queryset
    joins = [name for name, field in doctype.link_fields.items() if link_name_field(field) is not None]
    # select_related() with no field names means "every relation" (and is deprecated).
    return queryset.select_related(*joins) if joins else queryset


def _default_name(model: type[models.Model]) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in str(model._meta.verbose_name).split())


class DocTypeRegistry:
    """All registered doctypes, by name and by model."""

    def __init__(self) -> None:
        self._by_name: dict[str, DocType] = {}
        self._by_model: dict[type[models.Model], DocType] = {}
        self.changes = 0  # counts registrations: what is derived from the registry is recomputed when it moves

    def register(self, model_or_iterable, doctype_class: type[DocType] | None = None) -> None:
        models_ = [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        for model in models_:
            if model._meta.abstract:
                raise TypeError(f"{model.__name__} is abstract and cannot be registered as a doctype")
            if model in self._by_model:
                raise AlreadyRegistered(f"{model.__name__} is already registered as a doctype")
            doctype = (doctype_class or DocType)(model)
            if doctype.name in self._by_name:
                raise AlreadyRegistered(f"A doctype named {doctype.name!r} is already registered")
            self._by_name[doctype.name] = doctype
            self._by_model[model] = doctype
            self.changes += 1

    def unregister(self, model: type[models.Model]) -> None:
        doctype = self._by_model.pop(model, None)
        if doctype is None:
            raise NotRegistered(f"{model.__name__} is not registered as a doctype")
        del self._by_name[doctype.name]
        self.changes += 1

    def get(self, name: str) -> DocType:
        """The doctype called ``name`` (exact, then case-insensitive); DoesNotExistError otherwise."""
        if not isinstance(name, str):
            raise DoesNotExistError(_("DocType {name!r} not found").format(name=name))
        doctype = self._by_name.get(name)
        if doctype is None:
            lowered = name.lower()
            doctype = next((d for n, d in self._by_name.items() if n.lower() == lowered), None)
        if doctype is None:
            raise DoesNotExistError(_("DocType {name} not found").format(name=name))
        return doctype

    def get_for_model(self, model: type[models.Model]) -> DocType | None:
        return self._by_model.get(getattr(model, "_meta", None) and model._meta.concrete_model or model)

    def is_registered(self, model: type[models.Model]) -> bool:
        return model in self._by_model

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[DocType]:
        return iter(list(self._by_name.values()))

    def names(self) -> list[str]:
        return sorted(self._by_name)


site = DocTypeRegistry()


def register(*models_: type[models.Model], site: DocTypeRegistry = site):
    """Class decorator: ``@doctypes.register(Model)`` registers ``Model`` with the decorated options."""
    if not models_:
        raise ValueError("At least one model must be passed to register.")

    def wrapper(doctype_class: type[DocType]) -> type[DocType]:
        if not issubclass(doctype_class, DocType):
            raise ValueError("Wrapped class must subclass doctypes.DocType.")
        site.register(models_, doctype_class)
        return doctype_class

    return wrapper


def get_doctype(doctype_or_name: DocType | str) -> DocType:
    """The registered doctype for a :class:`DocType` or a name; DoesNotExistError for an unknown name."""
    if isinstance(doctype_or_name, DocType):
        return doctype_or_name
    return site.get(doctype_or_name)


def get_doctype_for_model(model: type[models.Model]) -> DocType | None:
    return site.get_for_model(model)


def autodiscover() -> None:
    """Import every installed app's ``doctypes`` module (``AppConfig.ready()`` registers the built-in ones first)."""
    autodiscover_modules("doctypes")


def iter_doctypes() -> Iterable[DocType]:
    return iter(site)
