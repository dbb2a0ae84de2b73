"""``frappe_like``: Frappe's ``like`` as SQL ``LIKE``, case-insensitive, on every database.

A Frappe pattern has ``%`` (any text), ``_`` (one character) and ``\\`` (the next
character is literal). :func:`like_pattern` rewrites it in one canonical form (runs
of ``%`` collapsed, every escape explicit, a trailing ``\\`` literal) and the lookup
sends it to the database as a parameter of ``LIKE ... ESCAPE '\\'``:

* SQLite: ``LIKE`` (case-insensitive for ASCII letters, as Django's ``icontains`` is);
* PostgreSQL: ``ILIKE`` on the column cast to text (so ``views like "%9%"`` works);
* MySQL/MariaDB: ``LIKE``, whose collation is case-insensitive, as in Frappe;
* any other database: ``LOWER(column) LIKE LOWER(pattern)``.

Never a regular expression: SQLite runs ``REGEXP`` in Python's ``re``, which
backtracks without bound on a pattern like ``%_%_%_%!`` while holding the GIL,
whereas every database's ``LIKE`` matches such a pattern in polynomial time.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, Lookup

ANY, ONE, ESCAPE = "%", "_", "\\"


def like_pattern(pattern: str) -> str:
    """``pattern`` in canonical form: literal ``%``, ``_`` and ``\\`` escaped, ``%%`` as ``%``."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == ANY:
            if out[-1:] != [ANY]:
                out.append(ANY)
        elif char == ONE:
            out.append(ONE)
        else:
            # A trailing backslash is a literal one (MariaDB's reading; PostgreSQL would refuse it).
            literal = next(chars, ESCAPE) if char == ESCAPE else char
            out.append(ESCAPE + literal if literal in (ANY, ONE, ESCAPE) else literal)
    return "".join(out)


class FrappeLike(Lookup):
    """``field__frappe_like=pattern``: ``pattern`` must already be canonical (see :func:`like_pattern`)."""

    lookup_name = "frappe_like"
    prepare_rhs = False  # the pattern is text whatever the field (an IntegerField would int() it)

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [value]

    def _sides(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        return f"LOWER({lhs}) LIKE LOWER({rhs}) ESCAPE '\\'", params

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} LIKE {rhs} ESCAPE '\\'", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        # lookup_cast: "col::text" (or HOST(col) for IP addresses), as Django's own text lookups.
        column = connection.ops.lookup_cast("contains", self.lhs.output_field.get_internal_type()) % lhs
        return f"{column} ILIKE {rhs} ESCAPE '\\'", params

    def as_mysql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        # The backslash is MySQL's default LIKE escape; the column's collation decides the case.
        return f"{lhs} LIKE {rhs}", params


Field.register_lookup(FrappeLike)
