"""Hypothesis strategies for hostile request input: text, numbers, JSON, paths and query strings.

Everything a visitor controls: unicode (right-to-left marks, emoji, BOM), lone surrogates,
NUL and control characters, LIKE wildcards, path tricks (``..``, ``//``, leading ``.``/``_``),
huge and non-finite numbers, deep nesting, repeated keys, and bytes that are not UTF-8.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import strategies as st

NASTY_PIECES = [
    "\x00", "\ud800", "\udfff", "\ud83d", "\ufeff", "\u202e", "\u0301", "😀", "ß", "İ", "\r\n", "\t", " ",
    "%", "_", "%_%_%_%_", "\\", "'", '"', "`", ";", "--", "/*", "<script>", "{{", "{%", "${", "[", "]", "{", "}",
    "..", ".", "/", "//", "~", "?", "#", "&", "=", "+", "*", "$", "^", "(", ")", "|", "null", "None", "NaN",
    "-1", "0", "1e309", "9" * 40, "1.5", "true",
]
FIELDNAMES = ["name", "title", "slug", "body", "category", "published", "published_on", "views", "rating",
              "status", "owner", "modified", "creation", "idx", "category.name", "password", "__class__"]
OPERATORS = ["=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is", "between", "timespan",
             "descendants of", "LIKE", "regexp", ""]

# Text from any code point, lone surrogates included (Hypothesis leaves them out by default).
any_char = st.characters(codec=None, categories=None) | st.sampled_from(["\ud800", "\udc00", "\x00"])
nasty_text = st.one_of(
    st.text(max_size=20),
    st.text(any_char, max_size=20),
    st.lists(st.sampled_from(NASTY_PIECES), max_size=6).map("".join),
)
huge_numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([2**31, 2**63, -(2**63) - 1, 2**64, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False),
)
scalars = st.one_of(st.none(), st.booleans(), huge_numbers, nasty_text)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(nasty_text | st.sampled_from(FIELDNAMES),
                                                                        children, max_size=4),
    max_leaves=12,
)


def dumps(value: object) -> str:
    """JSON text; lone surrogates become ``\\ud800`` escapes, as a client's JSON would carry them."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True)


deeply_nested = st.builds(
    lambda depth, opener, closer: opener * depth + closer * depth,
    st.integers(min_value=1, max_value=3000), st.sampled_from(["[", '{"a":', "[[{\"x\":"]),
    st.sampled_from(["", "]", "}"]),
)
repeated_keys = st.lists(st.tuples(st.sampled_from(FIELDNAMES[:4]), scalars), min_size=2, max_size=5).map(
    lambda pairs: "{" + ",".join(f"{dumps(key)}:{dumps(value)}" for key, value in pairs) + "}"
)
filter_rows = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(FIELDNAMES) | nasty_text, st.sampled_from(OPERATORS) | nasty_text, json_values),
        st.tuples(st.just("Article"), st.sampled_from(FIELDNAMES), st.sampled_from(OPERATORS), json_values),
        st.tuples(st.sampled_from(FIELDNAMES), json_values),
    ).map(list),
    max_size=3,
)
json_text = st.one_of(
    json_values.map(dumps),
    filter_rows.map(dumps),
    st.dictionaries(st.sampled_from(FIELDNAMES), json_values | st.tuples(st.sampled_from(OPERATORS), json_values)
                    .map(list), max_size=3).map(dumps),
    deeply_nested,
    repeated_keys,
    nasty_text,
)


def encode(text: str) -> str:
    """Percent-encode every byte (lone surrogates as the invalid UTF-8 bytes a client may send)."""
    return quote(text, safe="", errors="surrogatepass")


raw_bytes = st.binary(max_size=12).map(lambda data: quote(data, safe=""))
query_values = st.one_of(nasty_text.map(encode), json_text.map(encode), raw_bytes)
query_strings = st.lists(
    st.tuples(st.sampled_from([*FIELDNAMES, "filters", "fields", "order_by", "limit", "start", "page", "txt",
                               "as_dict", "cmd", "doctype"]) | nasty_text.map(encode), query_values),
    max_size=6,
).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs))
path_segments = st.one_of(
    nasty_text.map(encode),
    st.sampled_from(["", ".", "..", ".well-known", "_old", "Article", "blog", "kb", "api", "static", "private",
                     "files", "index", "about", "login", "articles", "new", "edit", "%2e%2e", "%2F", "%00",
                     "a" * 300]),
    raw_bytes,
)
website_paths = st.lists(path_segments, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts))
