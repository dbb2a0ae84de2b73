"""Memoizing decorators, as in ``frappe.utils.caching``.

``request_cache`` / ``local_cache``
    Memoize for the current request (or ``frappe.init()`` block) in
    ``frappe.local.request_cache``: the function runs once per request for each set of
    arguments. Arguments must be hashable, otherwise the call goes straight through.
    ``local_cache(namespace, key, generator)`` is also Frappe's function form.
``site_cache(ttl=None, maxsize=None)``
    Memoize in this process, across requests (not shared between workers); ``ttl`` seconds per
    entry, ``maxsize`` entries (least recently used evicted first); ``fn.clear_cache()``.
``redis_cache(ttl=3600, user=None, shared=False)``
    Memoize in the shared cache through ``frappe.cache`` (so every worker sees it);
    ``user=True`` keeps one result per session user; ``fn.clear_cache()`` deletes every stored
    result of the function (for all users).

Each decorator works bare (``@site_cache``) or called (``@site_cache(ttl=60)``). Exceptions are
never cached. Results of ``None`` are not stored by ``redis_cache`` (a ``None`` reads as a miss,
as in Frappe). Coroutine functions are not supported.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal
from typing import Any, TypeVar, overload

from .cache import get_cache
from .local import get_local, get_session_user

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["local_cache", "redis_cache", "request_cache", "site_cache"]

_LOCAL_CACHE_NAMESPACES = "django_frappe_web.caching.local_cache"


# --------------------------------------------------------------------------- call keys


def _hashable_key(args: tuple, kwargs: dict[str, Any]) -> Hashable:
    """An exact key for a call (``f(1)`` and ``f(True)`` differ); raises ``TypeError`` if unhashable."""
    items = tuple(sorted(kwargs.items(), key=lambda item: item[0]))
    key = (args, items, tuple(type(a) for a in args), tuple(type(v) for _, v in items))
    hash(key)
    return key


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dt_time):
        return {"__time__": value.isoformat()}
    if isinstance(value, (Decimal, uuid.UUID)):
        return {f"__{type(value).__name__}__": str(value)}
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(json.dumps(v, sort_keys=True, default=_json_default) for v in value)}
    if isinstance(value, bytes):
        return {"__bytes__": value.hex()}
    meta = getattr(value, "_meta", None)
    if meta is not None and hasattr(meta, "label") and hasattr(value, "pk"):  # a Django model instance
        return {"__model__": [meta.label, value.pk]}
    raise TypeError(f"{type(value).__name__} is not a cache key argument")


def _stable_key(args: tuple, kwargs: dict[str, Any]) -> str | None:
    """A digest of the call that is the same in every process, or ``None`` if the arguments are not JSON-able."""
    try:
        payload = json.dumps([args, kwargs], sort_keys=True, separators=(",", ":"), default=_json_default)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


def _func_key(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


# --------------------------------------------------------------------------- per request


def _request_store(owner: Any) -> dict | None:
    """This owner's dict in ``frappe.local.request_cache``, or ``None`` outside a request (``Local.in_request``)."""
    local = get_local()
    if not local.in_request:
        return None
    return local.request_cache.setdefault(owner, {})


def request_cache(func: F) -> F:
    """Memoize ``func`` for the current request (``frappe.local.request_cache``).

    The function runs once per request for each set of (hashable) arguments; a new request,
    or a new ``frappe.init()`` block, starts empty. Calls with unhashable arguments are not
    memoized. ``func.clear_cache()`` forgets this request's results.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            key = _hashable_key(args, kwargs)
        except TypeError:
            return func(*args, **kwargs)
        store = _request_store(wrapper)
        if store is None:
            return func(*args, **kwargs)
        try:
            return store[key]
        except KeyError:
            value = store[key] = func(*args, **kwargs)
            return value

    def clear_cache() -> None:
        get_local().request_cache.pop(wrapper, None)

    wrapper.clear_cache = clear_cache  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


@overload
def local_cache(func: F, /) -> F: ...
@overload
def local_cache(namespace: str, key: Hashable, generator: Callable[[], Any], regenerate_if_none: bool = False) -> Any: ...
def local_cache(*args: Any, **kwargs: Any) -> Any:
    """``@local_cache``: the same as :func:`request_cache`.

    ``local_cache(namespace, key, generator, regenerate_if_none=False)``: Frappe's function
    form, the value of ``namespace``/``key`` for this request, computed once by ``generator()``
    (again on a stored ``None`` with ``regenerate_if_none``).
    """
    if len(args) == 1 and not kwargs and callable(args[0]):
        return request_cache(args[0])
    return _local_cache_value(*args, **kwargs)


def _local_cache_value(namespace: str, key: Hashable, generator: Callable[[], Any], regenerate_if_none: bool = False) -> Any:
    store = _request_store(_LOCAL_CACHE_NAMESPACES)
    if store is None:
        return generator()
    values = store.setdefault(namespace, {})
    if key not in values or (regenerate_if_none and values[key] is None):
        values[key] = generator()
    return values[key]


# --------------------------------------------------------------------------- per process


def _site_call_key(args: tuple, kwargs: dict[str, Any]) -> Hashable | None:
    try:
        return _hashable_key(args, kwargs)
    except TypeError:
        return _stable_key(args, kwargs)  # lists and dicts: a JSON digest; None if not JSON-able either


def site_cache(ttl: float | Callable[..., Any] | None = None, maxsize: int | None = None) -> Any:
    """Memoize in this process, across requests (Frappe's ``site_cache``).

    :param ttl: seconds each result stays valid (``None``: until cleared).
    :param maxsize: most results kept; the least recently used is evicted first.

    ``func.clear_cache()`` drops every result. The cache is per process: use
    :func:`redis_cache` when workers must agree.
    """
    if callable(ttl):
        return _site_cache(ttl, None, None)

    def decorator(func: F) -> F:
        return _site_cache(func, ttl, maxsize)

    return decorator


def _site_cache(func: F, ttl: float | None, maxsize: int | None) -> F:
    entries: OrderedDict[Hashable, tuple[float | None, Any]] = OrderedDict()
    lock = threading.RLock()
    purge_at = [256]

    def purge_expired(now: float) -> None:
        for key in [k for k, (until, _) in entries.items() if until is not None and until <= now]:
            del entries[key]
        purge_at[0] = max(256, 2 * len(entries))

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = _site_call_key(args, kwargs)
        if key is None:
            return func(*args, **kwargs)
        with lock:
            hit = entries.get(key)
            if hit is not None:
                if hit[0] is None or hit[0] > time.monotonic():
                    entries.move_to_end(key)
                    return hit[1]
                del entries[key]
        value = func(*args, **kwargs)  # outside the lock: a slow function does not block other arguments
        with lock:
            now = time.monotonic()
            entries[key] = (None if wrapper.ttl is None else now + wrapper.ttl, value)
            entries.move_to_end(key)
            if wrapper.maxsize is not None:
                while len(entries) > max(wrapper.maxsize, 0):
                    entries.popitem(last=False)
            if wrapper.ttl is not None and len(entries) >= purge_at[0]:
                purge_expired(now)
        return value

    def clear_cache() -> None:
        with lock:
            entries.clear()

    wrapper.ttl = ttl  # type: ignore[attr-defined]
    wrapper.maxsize = maxsize  # type: ignore[attr-defined]
    wrapper.clear_cache = clear_cache  # type: ignore[attr-defined]
    wrapper.cache_len = lambda: len(entries)  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# --------------------------------------------------------------------------- shared cache


def redis_cache(ttl: float | Callable[..., Any] | None = 3600, user: Any = None, shared: bool = False) -> Any:
    """Memoize in the shared cache (``frappe.cache``), for every worker.

    :param ttl: seconds a result is kept (default one hour; ``None``: no expiry).
    :param user: ``True`` for one result per session user, or a username for that user's copy.
    :param shared: keep the keys outside ``FRAPPE_WEB["CACHE_KEY_PREFIX"]`` (Frappe's shared keys).

    Keys are ``"<module>.<qualname>|[user:<user>|]<digest of the arguments>"``; arguments must be
    JSON-able (datetimes, decimals, UUIDs, sets and model instances are accepted), otherwise
    the call is not cached. ``func.clear_cache()`` deletes every stored result of the function.
    """
    if callable(ttl):
        return _redis_cache(ttl, 3600, None, False)

    def decorator(func: F) -> F:
        return _redis_cache(func, ttl, user, shared)

    return decorator


def _redis_cache(func: F, ttl: float | None, user: Any, shared: bool) -> F:
    prefix = _func_key(func) + "|"

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        digest = _stable_key(args, kwargs)
        if digest is None:
            return func(*args, **kwargs)
        key = prefix
        if user:
            key += f"user:{get_session_user() if user is True else user}|"
        key += digest
        cache = get_cache()
        value = cache.get_value(key, expires=True, shared=shared)
        if value is not None:
            return value
        value = func(*args, **kwargs)
        cache.set_value(key, value, expires_in_sec=wrapper.ttl, shared=shared)
        return value

    def clear_cache() -> None:
        get_cache().delete_keys(prefix, shared=shared)

    wrapper.ttl = ttl  # type: ignore[attr-defined]
    wrapper.clear_cache = clear_cache  # type: ignore[attr-defined]
    wrapper.cache_key_prefix = prefix  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
