"""Products as clients see them, straight from SQL on the read pool.

A listing page is built by PostgreSQL as one JSON array (`json_agg` of the rows) and handed on as is
(`orjson.Fragment`): no row objects, no dicts, no re-encoding of 50 products per request.
Encode these values with orjson. Optional filters are `($n IS NULL OR ...)`, so the listing
is one prepared statement whatever the combination of filters.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.repositories.pagination import validated_limit
from shop.connectors.db.repositories.products import BY_NAME, ProductFilter, escaped_like
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
# of its last row for the cursor.
_PAGE = f"""
    WITH page AS (
        SELECT product, row_number() OVER (ORDER BY name, id) AS n, name, id
        FROM (
            SELECT {_PRODUCT}
            FROM products
            WHERE ($1::boolean IS NULL OR active = $1)
              AND ($2::text IS NULL OR name ILIKE $2 OR sku ILIKE $2)
              AND ($3::bigint IS NULL OR price_minor >= $3)
              AND ($4::bigint IS NULL OR price_minor <= $4)
              AND (NOT $5::boolean OR stock > 0)
              AND ($6::bigint IS NULL OR stock < $6)
              AND ($7::text IS NULL OR (name, id) > ($7, $8::uuid))
            ORDER BY name, id
            LIMIT $9 + 1
        ) AS product
    )
    SELECT coalesce(json_agg(product ORDER BY n) FILTER (WHERE n <= $9), '[]')::text AS items,
           count(*) > $9 AS more,
           min(name) FILTER (WHERE n = $9) AS last_name,
           (array_agg(id) FILTER (WHERE n = $9))[1] AS last_id
    FROM page
"""  # noqa: S608 - constant fragments; every value is a bind parameter


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
        after = BY_NAME.position(cursor) if cursor else [None, None]
        row = await self._read_pool.fetchrow(
            _PAGE,
            filters.active,
            escaped_like(filters.text) if filters.text else None,
            filters.min_price,
            filters.max_price,
            filters.in_stock_only,
            filters.stock_below,
            *after,
            validated_limit(limit),
        )
        assert row is not None  # noqa: S101 - an aggregate query always returns its row
        next_cursor = (
            encode_cursor({"name": row["last_name"], "id": str(row["last_id"])})
            if row["more"]
            else None
        )
        return ProductPage(orjson.Fragment(row["items"]), next_cursor)
