"""Where a redirect may send a visitor: text captured from the path never picks the scheme or host.

A rule's target is a template (``/main/\\1``, ``https://docs.example.com/\\1``) expanded with text
the *visitor* chose. Without care, ``go/(.*)`` -> ``/\\1`` sends ``/go//evil.example`` to
``//evil.example`` and ``legacy/(.*)`` -> ``\\1`` sends ``/legacy/https://evil.example/`` off-site:
an open redirect. So the template is classified once, when its rule is built, by what it spells
out *before* substitution, and the expanded text is placed accordingly:

* **absolute** -- the template starts with ``<scheme>://`` or ``//``: the rule may leave the site,
  but only to the host written in the template. That host (the authority, up to the first ``/``,
  ``?`` or ``#``) must be literal and must be followed by a literal ``/``, ``?``, ``#`` or nothing,
  so captured text can only land in the path, query or fragment of that host.
  ``https://\\1/``, ``//\\1`` and ``https://example.com\\1`` (where ``\\1`` could be
  ``@evil.example``) are refused with a ``ValidationError`` when the rule is built.
* **opaque** -- ``mailto:`` and ``tel:``: no host to protect; used as given.
* **site** -- anything else is a path on this site. After expansion, every leading ``/``, ``\\``,
  space and control character is collapsed into one ``/`` (browsers read ``//host``, ``/\\host``
  and ``/<tab>/host`` as another host), so ``//evil.example`` becomes ``/evil.example`` and
  ``https://evil.example/`` (from a bare ``\\1``) becomes the site path ``/https://evil.example/``.
  The rule still redirects -- to a path on this site, which is what its author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["ABSOLUTE", "OPAQUE", "SITE", "TargetShape", "place", "shape_of"]

SITE = "site"
ABSOLUTE = "absolute"
OPAQUE = "opaque"

# ``<scheme>://authority`` or ``//authority``; the authority stops at ``/ ? #`` or a backslash
# (browsers treat ``\`` as ``/`` in http(s) URLs, and in a template it starts a back-reference).
_ORIGIN_RE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//[^/?#\\]*")
_OPAQUE_RE = re.compile(r"(?:mailto|tel):", re.IGNORECASE)
# What a browser skips or reads as a slash at the start of a URL: C0 controls, space, ``/``, ``\``.
_LEADING_NOISE = "".join(chr(c) for c in range(0x21)) + "/\\"


@dataclass(frozen=True)
class TargetShape:
    """What a target template spells out before substitution: its kind and, if absolute, its origin."""

    kind: str
    origin: str = ""


def shape_of(template: str) -> TargetShape:
    """Classify a target template; raise ``ValidationError`` if captured text could choose its host."""
    if template[:1] == "/" and template[1:2] != "/":  # the common ``/new/\1``: cheap for 10,000 rules
        return TargetShape(SITE)
    if _OPAQUE_RE.match(template):
        return TargetShape(OPAQUE)
    m = _ORIGIN_RE.match(template)
    if m is None:
        return TargetShape(SITE)
    origin, rest = m.group(), template[m.end() :]
    host = origin.partition("//")[2]
    if not host or (rest and rest[0] not in "/?#"):
        raise ValidationError(
            _("Redirect target \"{template}\" must spell out its host: a back-reference may only stand in the path, "
              "query or fragment (write https://example.com/\\1, not https://\\1 or https://example.com\\1).").format(
                template=template),
            code="invalid_redirect_target",
        )
    return TargetShape(ABSOLUTE, origin)


def place(shape: TargetShape, expanded: str) -> str:
    """The location for an expanded target of this shape (before any query string is forwarded)."""
    if shape.kind == SITE:
        return "/" + expanded.lstrip(_LEADING_NOISE)
    # Absolute and opaque targets begin with literal text up to the first place a back-reference
    # may stand (``shape_of`` made sure of it), so the expansion cannot have changed their host.
    return expanded
