"""The one parser of a client's JSON and the one check of request text: what passes and what is a 417."""

from __future__ import annotations

import json

import pytest

from django_frappe_web.exceptions import InvalidQueryError, ValidationError
from django_frappe_web.json_input import (
    MAX_JSON_DEPTH,
    SYNTAX,
    TOO_DEEP,
    JSONInputError,
    check_text,
    load_json,
    parse_json,
)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "text, value",
    [
        ('{"a": [1, 2.5, "x", null, true]}', {"a": [1, 2.5, "x", None, True]}),
        ('"caf\\u00e9 \\ud83d\\ude00"', "café 😀"),  # a surrogate *pair* is one character: accepted
        ('"back\\\\ud800"', "back\\ud800"),  # an escaped backslash, then plain text
        ('"a\\u0000b"', "a\x00b"),  # NUL is text; where it meets PostgreSQL the field's check refuses it
        (nested(MAX_JSON_DEPTH), json.loads(nested(MAX_JSON_DEPTH))),
        ("[" + "[1]," * 100 + "[1]]", [[1]] * 101),  # many brackets, but only two levels
    ],
)
def test_what_is_accepted(text, value):
    assert parse_json(text) == value
    assert parse_json(text.encode()) == value


@pytest.mark.parametrize(
    "text, reason, message",
    [
        ("{not json", SYNTAX, "The JSON is not valid JSON"),
        ("NaN", SYNTAX, "NaN is not a JSON value"),
        ("[Infinity]", SYNTAX, "Infinity is not a JSON value"),
        ("[1e999]", SYNTAX, "out of range"),
        ("1" * 5000, SYNTAX, "not valid JSON"),
        (nested(MAX_JSON_DEPTH + 1), TOO_DEEP, f"at most {MAX_JSON_DEPTH} levels"),
        ('{"a": ' * 40 + "1" + "}" * 40, TOO_DEEP, "nested too deeply"),
        (nested(100_000), TOO_DEEP, "nested too deeply"),  # past the interpreter's recursion limit
        ("[" * 100_000, TOO_DEEP, "nested too deeply"),
        ('"\\ud800"', "bad text", "not valid Unicode (a lone surrogate) is not allowed in the JSON"),
        ('["ok", {"k": "\\udfff"}]', "bad text", "lone surrogate"),
        ('{"\\ud800": 1}', "bad text", "lone surrogate"),  # keys too
        ('"\\ude00\\ud83d"', "bad text", "lone surrogate"),  # a pair in the wrong order is two lone halves
        ('"\ud800"', "bad text", "lone surrogate"),  # raw in a str handed over by Python code
    ],
)
def test_what_is_refused(text, reason, message):
    with pytest.raises(JSONInputError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        load_json(text)
    assert caught.value.reason == reason
    with pytest.raises(ValidationError):  # parse_json: Frappe's ValidationError, a 417
        parse_json(text)


def test_a_utf8_byte_order_mark_is_skipped():
    assert parse_json(b"\xef\xbb\xbf[1]") == [1]


@pytest.mark.parametrize("body", [b'"\xed\xa0\x80"', b'"\xff"', b'"caf\xe9"', '"x"'.encode("utf-16")])
def test_bytes_must_be_utf8_without_encoded_surrogates(body):
    with pytest.raises(ValidationError, match="The request body is not valid UTF-8"):
        parse_json(body, "the request body")


def test_the_caller_chooses_the_error_and_the_not_json_message():
    with pytest.raises(InvalidQueryError, match="^doc must be JSON$"):
        parse_json("{oops", "doc", error=InvalidQueryError, not_json="doc must be JSON")
    with pytest.raises(InvalidQueryError, match="lone surrogate"):  # only syntax errors are renamed
        parse_json('"\\ud800"', "doc", error=InvalidQueryError, not_json="doc must be JSON")


@pytest.mark.parametrize("text", ["plain", "café 😀", "\ufffd", "", "a\x00b"])
def test_check_text_passes_text_a_database_stores(text):
    assert check_text(text) == text


@pytest.mark.parametrize("text", ["\ud800", "a\udfff", "\udc00\ud800"])
def test_check_text_refuses_lone_surrogates(text):
    with pytest.raises(ValidationError, match="lone surrogate\\) is not allowed in the argument 'q'"):
        check_text(text, "the argument 'q'")


def test_unclosed_deep_brackets_are_too_deep_on_every_python():
    # Python 3.11's json recurses out on these, 3.12's calls them a syntax error: the answer is one.
    with pytest.raises(JSONInputError, match="nested too deeply"):
        load_json("[" * 1000)
    with pytest.raises(JSONInputError, match="nested too deeply"):
        load_json('{"a": ' * 100)


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert load_json('["' + "[" * 100 + '", "\\"' + "{" * 100 + '"]') == ["[" * 100, '"' + "{" * 100]
