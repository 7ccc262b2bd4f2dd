"""Pages and keyset (cursor) pagination: stable under inserts, constant cost however deep."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from shop.core.errors import FieldError, ValidationFailedError
from shop.core.security.cursors import decode_cursor, encode_cursor

MAX_PAGE_SIZE = 100
T = TypeVar("T")
S = TypeVar("S", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def validated_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailedError(
            f"limit must be between 1 and {MAX_PAGE_SIZE}.",
            errors=[FieldError("limit", f"must be between 1 and {MAX_PAGE_SIZE}")],
        )
    return limit


class Keyset:
    """An ordering by unique columns, and the cursor that resumes after a given row."""

    def __init__(self, *columns: InstrumentedAttribute[Any], descending: bool = False) -> None:
        self._columns = columns
        self._names = tuple(column.key for column in columns)
        self._types = {column.key: column.type.python_type for column in columns}
        self._descending = descending

    def apply(self, statement: S, cursor: str | None, limit: int) -> S:
        if cursor is not None:
            after = tuple_(*self._columns)
            values = tuple_(*self.position(cursor))
            statement = statement.where(after < values if self._descending else after > values)
        order = [c.desc() if self._descending else c.asc() for c in self._columns]
        # One extra row tells whether there is a next page without a COUNT.
        return statement.order_by(*order).limit(validated_limit(limit) + 1)

    def page(self, rows: Sequence[T], limit: int, key: Callable[[T], Sequence[Any]]) -> Page[T]:
        items = list(rows[:limit])
        if len(rows) <= limit or not items:
            return Page(items, None)
        return Page(items, encode_cursor(dict(zip(self._names, key(items[-1]), strict=True))))

    def position(self, cursor: str) -> list[Any]:
        """The key values a cursor points after, parsed to the columns' types."""
        position = decode_cursor(cursor, self._types)
        return [position[name] for name in self._names]
