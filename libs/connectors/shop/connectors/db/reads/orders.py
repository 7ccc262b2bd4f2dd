"""Orders as staff see them: pages with their lines, exports of any size, sales per day.

Plain SQL on the read pool, with only the filters in use in the WHERE clause (`Conditions`).
The lines of a page come out of PostgreSQL as JSON text and stay so (`orjson.Fragment`): encode
these values with orjson.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import orjson

from shop.connectors.db.queries.filters import OrderFilter
from shop.connectors.db.queries.orderings import ORDERS_NEWEST_FIRST
from shop.connectors.db.queries.pages import Page, validated_limit
from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.reads.conditions import Conditions, literal_limit
from shop.core.errors import FieldError, NotFoundError, ValidationFailedError
from shop.entities.snapshots import order_document, order_line_document

# An order's lines as compact JSON, keys in `order_line_document`'s order: json_agg and
# json_build_object would space the text differently from every other order the API sends.
_LINES = """
    (SELECT '[' || coalesce(string_agg(row_to_json(line)::text, ',' ORDER BY l.id), '') || ']'
     FROM order_lines l, LATERAL (SELECT l.product_id, l.quantity, l.unit_price_minor) AS line
     WHERE l.order_id = o.id) AS lines
"""
_ORDER_COLUMNS = "o.id, o.customer_id, o.status, o.total_minor, o.currency, o.created_at"
# The f-strings below join constant fragments; every value travels as a bind parameter,
# except the page size, a checked integer written in (literal_limit).
_ONE = f"SELECT {_ORDER_COLUMNS}, {_LINES} FROM orders o WHERE o.id = $1"  # noqa: S608
_SALES_PER_DAY = """
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.currency,
           count(DISTINCT o.id) AS orders, sum(l.quantity) AS items,
           sum(l.quantity * l.unit_price_minor) AS revenue_minor
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.status <> 'cancelled' AND o.created_at >= $1 AND o.created_at < $2
    GROUP BY 1, 2
    ORDER BY 1, 2
"""
MAX_STATS_DAYS = 366


@dataclass(frozen=True)
class SalesDay:
    day: date
    currency: str
    orders: int
    items: int
    revenue_minor: int


def _order(row: Any, lines: Any) -> dict[str, Any]:
    return order_document(
        order_id=row["id"],
        customer_id=row["customer_id"],
        status=row["status"],
        total_minor=row["total_minor"],
        currency=row["currency"],
        placed_at=row["created_at"],
        lines=lines,
    )


def _conditions(filters: OrderFilter) -> Conditions:
    conditions = Conditions()
    if filters.status is not None:
        conditions.add("o.status = {0}", filters.status)
    if filters.customer_id is not None:
        conditions.add("o.customer_id = {0}", filters.customer_id)
    if filters.placed_from is not None:
        conditions.add("o.created_at >= {0}", filters.placed_from)
    if filters.placed_before is not None:
        conditions.add("o.created_at < {0}", filters.placed_before)
    return conditions


def _page_query(filters: OrderFilter, after: list[Any] | None, limit: int) -> tuple[str, list[Any]]:
    conditions = _conditions(filters)
    if after is not None:
        conditions.add("(o.created_at, o.id) < ({0}, {1})", *after)
    query = f"""
        SELECT {_ORDER_COLUMNS}, {_LINES}
        FROM orders o
        {conditions.where()}
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT {literal_limit(limit)}
    """  # noqa: S608
    return query, conditions.values


def _export_query(filters: OrderFilter) -> tuple[str, list[Any]]:
    """One row per line, oldest order first: the export groups consecutive rows into orders."""
    conditions = _conditions(filters)
    query = f"""
        SELECT {_ORDER_COLUMNS}, l.product_id, l.quantity, l.unit_price_minor
        FROM orders o JOIN order_lines l ON l.order_id = o.id
        {conditions.where()}
        ORDER BY o.created_at, o.id, l.id
    """  # noqa: S608
    return query, conditions.values


class OrderReads:
    def __init__(self, read_pool: ReadPool) -> None:
        self._read_pool = read_pool

    async def get(self, order_id: uuid.UUID) -> dict[str, Any]:
        row = await self._read_pool.fetchrow(_ONE, order_id)
        if row is None:
            raise NotFoundError(f"No order {order_id}.")
        return _order(row, orjson.Fragment(row["lines"]))  # JSON already: handed on as is

    async def list(
        self, filters: OrderFilter, cursor: str | None, limit: int
    ) -> Page[dict[str, Any]]:
        after = ORDERS_NEWEST_FIRST.position(cursor) if cursor else None
        query, values = _page_query(filters, after, validated_limit(limit) + 1)
        rows = await self._read_pool.fetch(query, *values)
        page = ORDERS_NEWEST_FIRST.page(rows, limit, key=lambda row: (row["created_at"], row["id"]))
        orders = [_order(row, orjson.Fragment(row["lines"])) for row in page.items]
        return Page(orders, page.next_cursor)

    async def export(self, filters: OrderFilter) -> AsyncIterator[dict[str, Any]]:
        """Every matching order with its lines, oldest first, streamed from a server-side cursor."""
        current: dict[str, Any] | None = None
        query, values = _export_query(filters)
        async for row in self._read_pool.stream(query, *values):
            if current is None or current["id"] != str(row["id"]):
                if current is not None:
                    yield current
                current = _order(row, [])
            current["lines"].append(
                order_line_document(row["product_id"], row["quantity"], row["unit_price_minor"])
            )
        if current is not None:
            yield current

    async def sales_per_day(self, first: date, last: date) -> tuple[SalesDay, ...]:
        """Orders, items and revenue per UTC day and currency, cancelled orders left out."""
        if last < first or (last - first).days >= MAX_STATS_DAYS:
            raise ValidationFailedError(
                f"The range must run forwards and span at most {MAX_STATS_DAYS} days.",
                errors=[FieldError("to", f"between from and from + {MAX_STATS_DAYS} days")],
            )
        rows = await self._read_pool.fetch(
            _SALES_PER_DAY, _utc_midnight(first), _utc_midnight(last + timedelta(days=1))
        )
        return tuple(
            SalesDay(row["day"], row["currency"], row["orders"], row["items"], row["revenue_minor"])
            for row in rows
        )


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
