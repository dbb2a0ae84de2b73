"""Path safety: request paths to routes, and the one "is this path inside that folder" check.

Three rules, one function each: :func:`normalize_route` (a request path to a route, or ``None``),
:func:`is_file_route` (may a route name something in a www folder) and :func:`is_inside`
(containment after symlinks). :func:`normalize_path` is the first two together. The rules in
full are in docs/www.md.
"""

from __future__ import annotations

import os
import re

__all__ = [
    "MAX_PATH_LENGTH",
    "is_file_route",
    "is_inside",
    "is_inside_real",
    "normalize_path",
    "normalize_route",
]

MAX_PATH_LENGTH = 2000

# C0 and C1 control characters, DEL included.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Percent-encoding that survived Django's decoding: a second level of encoding.
_ENCODED_RE = re.compile(r"%(?:2e|2f|5c|25|00)", re.IGNORECASE)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def normalize_path(raw: str) -> str | None:
    """The www route for a (percent-decoded) request path, or ``None`` if it is unsafe.

    :func:`normalize_route`, then :func:`is_file_route`: what may be looked up in a www folder.
    """
    route = normalize_route(raw)
    return route if route is not None and is_file_route(route) else None


def normalize_route(raw: str) -> str | None:
    """The route for a (percent-decoded) request path, or ``None`` if no route can be it.

    Strips slashes at both ends, collapses repeated slashes, drops a trailing
    ``.html`` and then a trailing ``/index``. ``"/"`` gives ``""``. Hidden and
    private segments are allowed here (``.well-known/x``, ``_old/page``): they
    are refused only where the file system is read (:func:`is_file_route`).
    """
    if not isinstance(raw, str) or len(raw) > MAX_PATH_LENGTH:
        return None
    if "\\" in raw or _CONTROL_RE.search(raw) or ("%" in raw and _ENCODED_RE.search(raw)):
        return None
    segments = [segment for segment in raw.split("/") if segment]
    if not segments:
        return ""
    if any(segment in (".", "..") for segment in segments):
        return None
    last = segments[-1]
    if last.endswith(".html"):
        last = last[:-5]
        if not last:
            return None
        segments[-1] = last
    if len(segments) > 1 and segments[-1] == "index":
        segments.pop()
    return "/".join(segments)


def is_file_route(route: str) -> bool:
    """Whether a route may name a page or file in a www folder: no hidden (``.``) or private
    (``_``: Frappe's ``_partials``, ``_sidebar.json``) segment, no drive letter, no backslash."""
    if "\\" in route or _CONTROL_RE.search(route):
        return False
    segments = route.strip("/").split("/")
    if _DRIVE_RE.match(segments[0]):
        return False
    return not any(segment[:1] in (".", "_") for segment in segments)


def is_inside(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """True when ``path`` resolves (symlinks followed) to ``root`` or below it."""
    return is_inside_real(os.path.realpath(path), os.path.realpath(root))


def is_inside_real(real: str, real_root: str) -> bool:
    """:func:`is_inside` for paths already resolved with ``os.path.realpath``."""
    if real == real_root:
        return True
    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    return real.startswith(prefix)
