"""Frappe's query arguments (``filters``, ``fields``, ``order_by``, ``group_by``, limits) parsed for shape."""

from __future__ import annotations

import pytest

from django_frappe_web.exceptions import InvalidQueryError
from django_frappe_web.filters import (
    MAX_CONDITIONS,
    Filter,
    parse_fields,
    parse_filters,
    parse_group_by,
    parse_limit,
    parse_order_by,
)


class TestParseFilters:
    def test_empty_forms(self):
        for value in (None, "", "  ", [], {}, "[]", "{}", "null"):
            assert parse_filters(value) == []

    def test_dict_equality_and_operator_pairs(self):
        assert parse_filters({"status": "done", "rating": None, "views": [">", 5], "slug": ("LIKE", "%x")}) == [
            Filter("status", "=", "done"),
            Filter("rating", "=", None),
            Filter("views", ">", 5),
            Filter("slug", "like", "%x"),
        ]

    def test_list_forms(self):
        assert parse_filters([["status", "=", "done"], ("Article", "views", " >= ", 3), {"slug": "a", "title": "b"}]) == [
            Filter("status", "=", "done"),
            Filter("views", ">=", 3, doctype="Article"),
            Filter("slug", "=", "a"),
            Filter("title", "=", "b"),
        ]

    def test_frappe_ui_hidden_flag_is_dropped(self):
        assert parse_filters([["Article", "status", "=", "done", False]]) == [
            Filter("status", "=", "done", doctype="Article")
        ]

    def test_json_strings(self):
        assert parse_filters('{"status": ["!=", "done"]}') == [Filter("status", "!=", "done")]
        assert parse_filters('[["views", "<>", 1]]') == [Filter("views", "!=", 1)]
        assert parse_filters(b'[["views", "in", "1, 2"]]') == [Filter("views", "in", ["1", "2"])]

    def test_bare_name(self):
        assert parse_filters(7) == [Filter("name", "=", 7)]
        assert parse_filters('"hello-world"') == [Filter("name", "=", "hello-world")]

    def test_operators_normalised(self):
        assert [f.operator for f in parse_filters([["a", " NOT   LIKE ", "x"], ["a", "Not In", []], ["a", "IS", "Set"]])] == [
            "not like", "not in", "is"
        ]
        assert parse_filters([["a", "is", " NOT  set "]])[0].value == "not set"
        assert parse_filters([["a", "in", 5]])[0].value == [5]

    @pytest.mark.parametrize(
        "value, message",
        [
            ("status = 'done'", "Filters must be JSON"),
            ('{"status": ', "Filters must be JSON"),
            ('[["status", "=", ]]', "Filters must be JSON"),
            (3.5, "Filters must be a list or an object"),
            (True, "Filters must be a list or an object"),
            ("true", "Filters must be a list or an object"),
            (["status = 'done'"], "SQL conditions are not accepted"),
            ([["status", "="]], "must be [field, operator, value]"),
            ([["a", "b", "c", "d", "e"]], "must be [field, operator, value]"),
            ([[1, "=", "x"]], "field name must be a non-empty string"),
            ([["", "=", "x"]], "field name must be a non-empty string"),
            ([[5, "status", "=", "x"]], "doctype of filter"),
            ({"status": ["=", "a", "b"]}, "must be a value or [operator, value]"),
            ({"status": {"op": "="}}, "must be a single value"),
            ([["status", "=", ["a"]]], "must be a single value"),
            ([["status", "in", [["a"]]]], "must be a single value"),
            ([["status", "in", {"a": 1}]], "needs a list of values"),
            ([["status", "between", [1]]], 'needs a list of two values'),
            ([["status", "between", "1,2"]], 'needs a list of two values'),
            ([["status", "is", "empty"]], 'takes "set" or "not set"'),
            ([["status", "~~", "x"]], 'Operator "~~" is not supported; use one of =, !=, <>, >, <'),
            ([["status", 1, "x"]], "Operator 1 is not supported"),
            ([["status", "=", "a\x00b"]], "NUL"),
        ],
    )
    def test_bad_shapes(self, value, message):
        with pytest.raises(InvalidQueryError) as excinfo:
            parse_filters(value)
        assert message in str(excinfo.value)

    def test_condition_cap(self):
        with pytest.raises(InvalidQueryError, match=r"Too many filter conditions: 10000 \(at most 200\)"):
            parse_filters([["views", "=", i] for i in range(10_000)])
        with pytest.raises(InvalidQueryError, match="Too many filter conditions"):
            parse_filters({f"f{i}": i for i in range(MAX_CONDITIONS + 1)})
        with pytest.raises(InvalidQueryError, match="Too many filter conditions"):
            parse_filters([{f"f{i}": i for i in range(150)}, {f"g{i}": i for i in range(60)}])
        assert len(parse_filters([["views", "=", i] for i in range(MAX_CONDITIONS)])) == MAX_CONDITIONS

    def test_in_values_cap(self):
        with pytest.raises(InvalidQueryError, match='Too many values for "in" on views'):
            parse_filters([["views", "in", list(range(1001))]])

    def test_deeply_nested_json(self):
        with pytest.raises(InvalidQueryError, match="must be|nested too deeply"):
            parse_filters("[" * 1000 + "]" * 1000)
        with pytest.raises(InvalidQueryError, match="Filters are nested too deeply"):
            parse_filters("[" * 100_000 + "]" * 100_000)
        nested: list = ["x"]
        for _ in range(5000):
            nested = [nested]
        with pytest.raises(InvalidQueryError, match="must be"):
            parse_filters(nested)  # a Python structure, not JSON: still refused, no RecursionError
        with pytest.raises(InvalidQueryError, match="must be a single value"):
            parse_filters([["status", "=", nested]])


class TestParseOthers:
    def test_fields(self):
        assert parse_fields(None) == ["name"]
        assert parse_fields([]) == ["name"]
        assert parse_fields("") == ["name"]
        assert parse_fields(" title , count(name) as n ") == ["title", "count(name) as n"]
        assert parse_fields('"*"') == ["*"] and parse_fields('"name, title"') == ["name", "title"]  # JSON text
        assert parse_fields('["title", "`tabArticle`.`views`"]') == ["title", "`tabArticle`.`views`"]
        assert parse_fields(("*",)) == ["*"]

    @pytest.mark.parametrize(
        "value, message",
        [
            (123, "Fields must be a list"),
            ({"title": 1}, "Fields must be a list"),
            ([1], "must be a string"),
            ([["title"]], "must be a string"),
            ("[title", "Fields must be a JSON list"),
            ('"*', "Fields must be JSON"),
            ("title,,views", "Empty field"),
            (["x" * 501], "Invalid field"),
            (["title"] * 201, "Too many fields"),
        ],
    )
    def test_bad_fields(self, value, message):
        with pytest.raises(InvalidQueryError, match=message.replace("[", r"\[")):
            parse_fields(value)

    def test_deep_json_fields(self):
        with pytest.raises(InvalidQueryError):
            parse_fields("[" * 100_000 + "]" * 100_000)

    def test_order_by(self):
        assert parse_order_by(None) == []
        assert parse_order_by(" ") == []
        assert parse_order_by("title asc, views DESC,`tabArticle`.`slug` Desc") == ["title", "-views", "-`tabArticle`.`slug`"]
        assert parse_order_by(["-views", "title"]) == ["-views", "title"]
        assert parse_order_by("count(name) desc") == ["-count(name)"]
        with pytest.raises(InvalidQueryError, match="Empty order_by"):
            parse_order_by("title,")
        with pytest.raises(InvalidQueryError, match="must be a string"):
            parse_order_by(5)
        with pytest.raises(InvalidQueryError, match="must be a string"):
            parse_order_by([None])

    def test_group_by(self):
        assert parse_group_by("status, category") == ["status", "category"]
        assert parse_group_by(["status"]) == ["status"]
        assert parse_group_by(None) == []

    def test_limits(self):
        assert parse_limit(None) is None
        assert parse_limit(0) == 0
        assert parse_limit(" 20 ") == 20
        assert parse_limit(10**9) == 10**9
        for bad in (-1, "-1", "abc", "1.5", 1.5, True, 10**9 + 1, "9" * 12, [], "", "1e3"):
            with pytest.raises(InvalidQueryError, match="limit_page_length must be a whole number"):
                parse_limit(bad)
