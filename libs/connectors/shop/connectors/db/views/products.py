"""Products as clients see them, straight from SQL on the read pool.

A listing page is built by PostgreSQL as one JSON array (`json_agg` of the rows) and handed on as is
(`orjson.Fragment`): no row objects, no dicts, no re-encoding of 50 products per request.
Encode these values with orjson.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.repositories.pagination import validated_limit
from shop.connectors.db.repositories.products import BY_NAME, ProductFilter, escaped_like
from shop.connectors.db.views.conditions import Conditions
from shop.core.errors import NotFoundError
from shop.core.security.cursors import encode_cursor

# The one definition of a product's JSON shape (a row of these, as JSON), for a single read
# and for listings alike.
_PRODUCT = """id, sku, name, description, price_minor, currency, stock,
    stock > 0 AS in_stock, active, version"""
# json comes back decoded (the read pool's codec): one dict, no row to map.
_SELECT_ONE = f"SELECT row_to_json(product) FROM (SELECT {_PRODUCT} FROM products WHERE id = $1"  # noqa: S608 - constant
_SELECT_ONE_ANY = _SELECT_ONE + ") AS product"
_SELECT_ONE_ACTIVE = _SELECT_ONE + " AND active) AS product"
# One pass over at most limit + 1 rows: the page as JSON, whether more follow, and the sort key
# of its last row for the cursor; only the filters in use are in its WHERE clause (Conditions).
_PAGE = """
    WITH page AS (
        SELECT product, row_number() OVER (ORDER BY name, id) AS n, name, id
        FROM (
            SELECT {product} FROM products {where} ORDER BY name, id LIMIT {limit} + 1
        ) AS product
    )
    SELECT coalesce(json_agg(product ORDER BY n) FILTER (WHERE n <= {limit}), '[]')::text
               AS items,
           count(*) > {limit} AS more,
           min(name) FILTER (WHERE n = {limit}) AS last_name,
           (array_agg(id) FILTER (WHERE n = {limit}))[1] AS last_id
    FROM page
"""


def _page_query(
    filters: ProductFilter, after: list[Any] | None, limit: int
) -> tuple[str, list[Any]]:
    conditions = Conditions()
    if filters.active is not None:
        conditions.add("active = {0}", filters.active)
    if filters.text:
        conditions.add("(name ILIKE {0} OR sku ILIKE {0})", escaped_like(filters.text))
    if filters.min_price is not None:
        conditions.add("price_minor >= {0}", filters.min_price)
    if filters.max_price is not None:
        conditions.add("price_minor <= {0}", filters.max_price)
    if filters.in_stock_only:
        conditions.add("stock > 0")
    if filters.stock_below is not None:
        conditions.add("stock < {0}", filters.stock_below)
    if after is not None:
        conditions.add("(name, id) > ({0}, {1})", *after)
    limit_parameter = conditions.bind(limit)
    return _page_sql(conditions.where(), limit_parameter), conditions.values


@functools.lru_cache(maxsize=256)  # one per combination of filters in use
def _page_sql(where: str, limit_parameter: str) -> str:
    return _PAGE.format(product=_PRODUCT, where=where, limit=limit_parameter)


@dataclass(frozen=True)
class ProductPage:
    items: orjson.Fragment  # a JSON array, as PostgreSQL built it
    next_cursor: str | None


class ProductViews:
    def __init__(self, read_pool: ReadPool) -> None:
        self._read_pool = read_pool

    async def get(self, product_id: uuid.UUID, *, active_only: bool) -> dict[str, Any]:
        query = _SELECT_ONE_ACTIVE if active_only else _SELECT_ONE_ANY
        row = await self._read_pool.fetchrow(query, product_id)
        if row is None:
            raise NotFoundError(f"No product {product_id}.")
        product: dict[str, Any] = row[0]
        return product

    async def list(self, filters: ProductFilter, cursor: str | None, limit: int) -> ProductPage:
        """Products by name (then id), `limit` at a time from after `cursor`."""
        after = BY_NAME.position(cursor) if cursor else None
        query, values = _page_query(filters, after, validated_limit(limit))
        row = await self._read_pool.fetchrow(query, *values)
        assert row is not None  # noqa: S101 - an aggregate query always returns its row
        next_cursor = (
            encode_cursor({"name": row["last_name"], "id": str(row["last_id"])})
            if row["more"]
            else None
        )
        return ProductPage(orjson.Fragment(row["items"]), next_cursor)
