"""``frappe.session``: Frappe's session object over Django's session.

``frappe.session.data`` is a dict persisted under one key of ``request.session``.
Nested dicts are tracked, so ``frappe.session.data["preferences"]["theme"] = "dark"``
is saved at the end of the request like a top-level assignment; every value is
checked against the session serializer when it is set, so a value the session
cannot store fails at the line that stores it, naming the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.module_loading import import_string

from .exceptions import SessionDataError
from .settings import web_settings
from .users import GUEST, username_of

if TYPE_CHECKING:  # the type only: local builds a Session on first use
    from .local import Local


def _serializer(request: Any):
    session = getattr(request, "session", None)
    serializer = getattr(session, "serializer", None) or import_string(settings.SESSION_SERIALIZER)
    return serializer()


def session_has_expired(request: Any, user: Any) -> bool:
    """Whether ``request`` sent a session cookie whose session no longer logs anyone in.

    ``user`` is who the request authenticated as (an API key's user counts): a logged-in user
    has no expired session. Otherwise the cookie names a session that is gone -- expired,
    deleted, ended by a logout elsewhere (Django then loads it empty, whatever the backend) --
    or one still holding a login Django refused (the password changed, the user deactivated).
    A guest's own session (data, but never a login) has not expired: that guest gets the 403.
    """
    if request is None or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False  # no cookie, or the empty one a deleted cookie leaves in some clients
    session = getattr(request, "session", None)
    if session is None or getattr(user, "is_authenticated", False):
        return False
    return not session.keys() or SESSION_KEY in session


class SessionData(dict):
    """A dict that reports changes to its root and refuses unserialisable values."""

    def __init__(self, initial: dict | None = None, *, root: SessionData | None = None, path: str = "", serializer=None):
        super().__init__()
        # ``root or self`` would be wrong: an empty root dict is falsy.
        self._root = root if root is not None else self
        self._path = path
        self._serializer = serializer if serializer is not None or root is None else root._serializer
        self.modified = False
        for key, value in (initial or {}).items():
            dict.__setitem__(self, key, self._wrap(key, value))

    def _child_path(self, key: Any) -> str:
        return f"{self._path}.{key}" if self._path else str(key)

    def _wrap(self, key: Any, value: Any) -> Any:
        if isinstance(value, dict) and not isinstance(value, SessionData):
            return SessionData(value, root=self._root, path=self._child_path(key), serializer=self._serializer)
        return value

    def _check(self, key: Any, value: Any) -> None:
        if not isinstance(key, str):
            raise SessionDataError(f"Session data keys must be strings, got {key!r} at {self._path or 'the top level'}")
        if self._serializer is None:
            return
        try:
            self._serializer.dumps(value)
        except (TypeError, ValueError) as exc:
            raise SessionDataError(
                f"Cannot store frappe.session.data[{self._child_path(key)!r}]: "
                f"{type(value).__name__} value is not serialisable by the session serializer ({exc})"
            ) from exc

    def _touch(self) -> None:
        self._root.modified = True

    def __setitem__(self, key: Any, value: Any) -> None:
        self._check(key, value)
        dict.__setitem__(self, key, self._wrap(key, value))
        self._touch()

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        self._touch()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def pop(self, key: Any, *default: Any) -> Any:
        had = key in self
        value = dict.pop(self, key, *default)
        if had:
            self._touch()
        return value

    def popitem(self):
        item = dict.popitem(self)
        self._touch()
        return item

    def clear(self) -> None:
        dict.clear(self)
        self._touch()

    def to_plain(self) -> dict:
        return {k: v.to_plain() if isinstance(v, SessionData) else v for k, v in self.items()}


def find_unserialisable(value: Any, serializer: Any, path: str = "") -> str | None:
    """The dotted path of the first value the serializer refuses (for lists mutated in place)."""
    try:
        serializer.dumps(value)
        return None
    except (TypeError, ValueError):
        pass
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    for key, child in children:
        found = find_unserialisable(child, serializer, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return path or "<root>"


class Session:
    """``frappe.session``: ``user``, ``sid``, ``data`` and ``csrf_token`` of the current context."""

    def __init__(self, local: Local):
        self._local = local
        self._data: SessionData | None = None
        self._snapshot: bytes | None = None

    def __repr__(self) -> str:
        return f"<frappe.session user={self.user!r} sid={self.sid!r}>"

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    @property
    def user(self) -> str:
        return username_of(self._local.user)

    @property
    def sid(self) -> str:
        django_session = self._django_session
        key = getattr(django_session, "session_key", None)
        return key or GUEST

    @property
    def csrf_token(self) -> str | None:
        request = self._local.request
        if request is None:
            return None
        from django.middleware.csrf import get_token

        return get_token(request)

    @property
    def _django_session(self) -> Any:
        request = self._local.request
        return getattr(request, "session", None) if request is not None else None

    @property
    def data(self) -> SessionData:
        if self._data is None:
            self._data = self._load()
        return self._data

    def _load(self) -> SessionData:
        django_session = self._django_session
        stored = django_session.get(web_settings.SESSION_DATA_KEY, {}) if django_session is not None else {}
        serializer = _serializer(self._local.request) if django_session is not None else None
        data = SessionData(stored if isinstance(stored, dict) else {}, serializer=serializer)
        if serializer is not None:
            self._snapshot = serializer.dumps(data.to_plain())
        return data

    def persist(self) -> None:
        """Write ``data`` back to the Django session when it changed (called by the middleware)."""
        django_session = self._django_session
        if self._data is None or django_session is None:
            return
        plain = self._data.to_plain()
        serializer = self._data._serializer
        try:
            dumped = serializer.dumps(plain)
        except (TypeError, ValueError) as exc:
            path = find_unserialisable(plain, serializer)
            raise SessionDataError(
                f"Cannot save frappe.session.data: the value at {path!r} is not serialisable ({exc})"
            ) from exc
        if self._data.modified or dumped != self._snapshot:
            django_session[web_settings.SESSION_DATA_KEY] = plain
            self._snapshot = dumped
            self._data.modified = False
