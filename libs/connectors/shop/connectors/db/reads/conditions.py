"""WHERE clauses that hold only the filters a request uses.

A catch-all `($n IS NULL OR ...)` clause is one prepared statement for every combination, but
PostgreSQL then plans it anew on every execution (its generic plan cannot know which filters
are off and guesses badly), a planning cost on every page. With only the filters in use, each
combination is its own statement, prepared and planned once per connection.
"""

from __future__ import annotations

from typing import Any


class Conditions:
    """Constant SQL fragments joined by AND; every value travels as a bind parameter."""

    def __init__(self) -> None:
        self.fragments: list[str] = []
        self.values: list[Any] = []

    def bind(self, value: Any) -> str:
        """Add a value; its placeholder (`$n`) for the SQL."""
        self.values.append(value)
        return f"${len(self.values)}"

    def add(self, fragment: str, *values: Any) -> None:
        """`fragment` names its values `{0}`, `{1}`...: they become `$n` parameters."""
        self.fragments.append(fragment.format(*(self.bind(value) for value in values)))

    def where(self) -> str:
        return "WHERE " + " AND ".join(self.fragments) if self.fragments else ""


def literal_limit(limit: int) -> str:
    """A page size as SQL text, written into the statement rather than bound.

    Bound (`LIMIT $n`), PostgreSQL's generic plan cannot know the page size and assumes a
    tenth of the table; that plan then looks costlier than a custom one, so the statement is
    planned anew on every execution, most of a catalogue page's database time. Written in, each page
    size (1 to 100) is its own statement, planned once per connection. `int()` keeps it a
    number whatever the caller passed.
    """
    return str(int(limit))
