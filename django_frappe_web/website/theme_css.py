"""The site theme's values and the stylesheet made of them: Frappe's Website Theme reduced to what
a site owner changes (colours, with dark-mode variants, and font stacks), checked strictly so no
value can carry CSS or HTML of its own, then written as CSS custom properties.

The shipped stylesheet (``static/frappe_web/website.css``) reads each colour as
``var(--fw-theme-<name>, <default>)`` in the light scheme and ``var(--fw-theme-dark-<name>, <default>)``
in the dark one, so a value set for one scheme leaves the other's default alone. Fonts set
``--fw-font`` and ``--fw-font-heading`` for both.

No models, no request: the Website Settings model validates with :func:`theme_problems`, and
:mod:`.theme` serves :func:`theme_css` as a file with a version key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext

# Settings field -> custom property, per scheme.
COLOUR_FIELDS = {
    "primary_color": "primary", "text_color": "text", "background_color": "background", "link_color": "link",
}
DARK_COLOUR_FIELDS = {f"dark_{field}": name for field, name in COLOUR_FIELDS.items()}
FONT_FIELDS = {"font_family": "--fw-font", "heading_font_family": "--fw-font-heading"}
THEME_FIELDS = (*COLOUR_FIELDS, *DARK_COLOUR_FIELDS, *FONT_FIELDS)

# The shipped colours (website.css has the same; tests/website/test_theme.py checks they agree):
# what a colour left empty is, for the contrast checks and the derived colours.
DEFAULTS = {
    "light": {"primary": "#1a73c9", "text": "#1f272e", "background": "#ffffff", "link": "#1a64b0"},
    "dark": {"primary": "#4a9ff0", "text": "#e6e9ec", "background": "#15191d", "link": "#7cbcf5"},
}
# Colours the theme derives from the owner's (a dark background gets a dark top bar too), and the
# colours each is derived from: written only when the owner set one of them.
DERIVED = {"surface": ("text", "background"), "border": ("text", "background"), "muted": ("text", "background"),
           "primary-text": ("primary",), "info-background": ("primary", "background")}
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# A font family: a quoted name (letters, digits, spaces, '-', '_', '.') or unquoted identifiers.
QUOTED_FAMILY = re.compile(r"""(?:"[A-Za-z0-9 ._-]{1,60}"|'[A-Za-z0-9 ._-]{1,60}')""")
UNQUOTED_FAMILY = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]{0,40}(?: -?[A-Za-z_][A-Za-z0-9_-]{0,40}){0,5}")
MAX_FONT_STACK = 300
MAX_FAMILIES = 12
# CSS-wide keywords are no family names: one in the list makes the whole declaration invalid.
CSS_WIDE_KEYWORDS = frozenset({"inherit", "initial", "unset", "revert", "revert-layer", "default"})


def colour_problem(value: str) -> str | None:
    """Why ``value`` is not a hex colour (``#1a2b3c`` or ``#abc``), or None."""
    return None if HEX_COLOUR.fullmatch(value) else gettext("Use a hex colour such as #1a2b3c or #abc.")


def font_stack_problem(value: str) -> str | None:
    """Why ``value`` is not a comma-separated list of font families, or None."""
    families = [family.strip() for family in value.split(",")]
    if len(value) > MAX_FONT_STACK or len(families) > MAX_FAMILIES:
        return gettext("Use at most %(families)d families and %(length)d characters.") % {
            "families": MAX_FAMILIES, "length": MAX_FONT_STACK}
    for family in families:
        unquoted = UNQUOTED_FAMILY.fullmatch(family) and family.lower() not in CSS_WIDE_KEYWORDS
        if not (QUOTED_FAMILY.fullmatch(family) or unquoted):
            return gettext('Use font family names separated by commas, e.g. Inter, "Segoe UI", sans-serif: letters, '
                           'digits, spaces, ".", "-" and "_" only, a name with digits or dots in quotes.')
    return None


def theme_problems(values: Mapping[str, str]) -> dict[str, str]:
    """Field -> why its value cannot be used: a malformed value, or text too faint to read on its
    background in the scheme it is set for. Empty values are fine (the default)."""
    problems = {field: problem for field in (*COLOUR_FIELDS, *DARK_COLOUR_FIELDS)
                if values.get(field) and (problem := colour_problem(values[field]))}
    problems.update({field: problem for field in FONT_FIELDS
                     if values.get(field) and (problem := font_stack_problem(values[field]))})
    for scheme, fields in (("light", COLOUR_FIELDS), ("dark", DARK_COLOUR_FIELDS)):
        if not any(field in problems for field in fields):
            problems.update(_contrast_problems(values, scheme, fields))
    return problems


def _contrast_problems(values: Mapping[str, str], scheme: str, fields: Mapping[str, str]) -> dict[str, str]:
    palette = scheme_palette(values, scheme)
    if palette is None:
        return {}
    by_name = {name: field for field, name in fields.items()}
    problems = {}
    for name in ("text", "link"):
        grounds = (palette["background"], palette["surface"])
        ratio = min(contrast(palette[name], ground) for ground in grounds)
        if ratio < MIN_CONTRAST:
            # Name the field the owner set: the text's, else the background's.
            field = by_name[name] if values.get(by_name[name]) else by_name["background"]
            problems[field] = gettext("Too little contrast with the background (%(ratio).1f:1; text needs at "
                                      "least %(minimum)s:1 to be readable).") % {"ratio": ratio, "minimum": MIN_CONTRAST}
    return problems


def scheme_palette(values: Mapping[str, str], scheme: str) -> dict[str, str] | None:
    """The scheme's colours with the owner's values (defaults for the rest) and the colours derived
    from them; None when the owner set none of the scheme's colours."""
    fields = COLOUR_FIELDS if scheme == "light" else DARK_COLOUR_FIELDS
    chosen = {name: _long_hex(values[field]) for field, name in fields.items() if values.get(field)}
    if not chosen:
        return None
    palette = {**DEFAULTS[scheme], **chosen}
    text, background = palette["text"], palette["background"]
    palette["surface"] = mix(text, background, 0.05)
    palette["border"] = mix(text, background, 0.22)
    muted = mix(text, background, 0.72)
    palette["muted"] = muted if contrast(muted, palette["surface"]) >= MIN_CONTRAST else text
    # The primary button's label: white or near-black, whichever reads better on the primary colour.
    palette["primary-text"] = max(("#ffffff", "#111111"), key=lambda label: contrast(label, palette["primary"]))
    palette["info-background"] = mix(palette["primary"], background, 0.12)
    return palette


def theme_css(values: Mapping[str, str]) -> str:
    """The theme stylesheet for the owner's ``values`` ("" when every value is empty).

    Only well-formed values are written, any other is left out: a row saved around the model's
    checks still cannot put anything but a colour or a list of font names in it.
    """
    chosen = _usable(values)
    lines = []
    for scheme, fields, prefix in (("light", COLOUR_FIELDS, "--fw-theme-"), ("dark", DARK_COLOUR_FIELDS, "--fw-theme-dark-")):
        palette = scheme_palette(chosen, scheme)
        if palette is not None:
            names = [name for field, name in fields.items() if field in chosen]
            names += [name for name, sources in DERIVED.items() if not set(sources).isdisjoint(names)]
            lines += [f"  {prefix}{name}: {palette[name]};" for name in names]
    lines += [f"  {prop}: {_font_stack(chosen[field])};" for field, prop in FONT_FIELDS.items() if field in chosen]
    if not lines:
        return ""
    return "/* The site theme, from Website Settings */\n:root {\n" + "\n".join(lines) + "\n}\n"


def _usable(values: Mapping[str, str]) -> dict[str, str]:
    """The values that are set and well-formed (contrast aside: a saved theme is served as saved)."""
    usable = {}
    for field in THEME_FIELDS:
        value = (values.get(field) or "").strip()
        check = font_stack_problem if field in FONT_FIELDS else colour_problem
        if value and check(value) is None:
            usable[field] = value
    return usable


def _font_stack(value: str) -> str:
    return ", ".join(family.strip() for family in value.split(","))


def _long_hex(colour: str) -> str:
    """``#abc`` -> ``#aabbcc``, lower case."""
    digits = colour[1:].lower()
    return "#" + ("".join(digit * 2 for digit in digits) if len(digits) == 3 else digits)


def _channels(colour: str) -> tuple[int, int, int]:
    digits = _long_hex(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def mix(colour: str, base: str, share: float) -> str:
    """``share`` of ``colour`` over ``base`` (what CSS's color-mix in srgb gives)."""
    mixed = (round(c * share + b * (1 - share)) for c, b in zip(_channels(colour), _channels(base), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
