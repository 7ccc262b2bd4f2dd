"""Products as clients see them, straight from SQL on the read pool.

Each product's JSON is stored beside its row (`products.client_json`, made by PostgreSQL on
every write): a single read hands it on as is (`orjson.Fragment`), and a listing page is
those documents joined into one JSON array by PostgreSQL. No row objects, no dicts, no JSON
encoding of products per request. Encode these values with orjson.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from shop.connectors.db.queries.filters import ProductFilter, escaped_like
from shop.connectors.db.queries.orderings import PRODUCTS_BY_NAME
from shop.connectors.db.queries.pages import validated_limit
from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.reads.conditions import Conditions, literal_limit
from shop.core.errors import NotFoundError
from shop.core.security.cursors import encode_cursor

_SELECT_ONE_ANY = "SELECT client_json, version FROM products WHERE id = $1"
_SELECT_ONE_ACTIVE = _SELECT_ONE_ANY + " AND active"
# One pass over at most limit + 1 rows: the page as a JSON array, whether more follow, and
# the sort key of its last row for the cursor; only the filters in use are in its WHERE
# clause (Conditions), and its page size is written in (literal_limit).
_PAGE = """
    SELECT '[' || coalesce(string_agg(client_json, ',' ORDER BY n)
                           FILTER (WHERE n <= {limit}), '') || ']' AS items,
           count(*) > {limit} AS more,
           min(name) FILTER (WHERE n = {limit}) AS last_name,
           (array_agg(id) FILTER (WHERE n = {limit}))[1] AS last_id
    FROM (
        SELECT client_json, name, id, row_number() OVER (ORDER BY name, id) AS n
        FROM (
            SELECT client_json, name, id FROM products {where}
            ORDER BY name, id LIMIT {limit} + 1
        ) AS product
    ) AS page
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
    return _page_sql(conditions.where(), limit), conditions.values


@functools.lru_cache(maxsize=1024)  # one per combination of filters in use and page size
def _page_sql(where: str, limit: int) -> str:
    return _PAGE.format(where=where, limit=literal_limit(limit))


@dataclass(frozen=True)
class ProductDocument:
    json: orjson.Fragment  # the product as clients see it
    version: int  # what an ETag names


@dataclass(frozen=True)
class ProductPageDocument:
    items: orjson.Fragment  # a JSON array, as PostgreSQL built it
    next_cursor: str | None


class ProductReads:
    def __init__(self, read_pool: ReadPool) -> None:
        self._read_pool = read_pool

    async def get(self, product_id: uuid.UUID, *, active_only: bool) -> ProductDocument:
        query = _SELECT_ONE_ACTIVE if active_only else _SELECT_ONE_ANY
        row = await self._read_pool.fetchrow(query, product_id)
        if row is None:
            raise NotFoundError(f"No product {product_id}.")
        return ProductDocument(orjson.Fragment(row[0]), row[1])

    async def list(
        self, filters: ProductFilter, cursor: str | None, limit: int
    ) -> ProductPageDocument:
        """Products by name (then id), `limit` at a time from after `cursor`."""
        after = PRODUCTS_BY_NAME.position(cursor) if cursor else None
        query, values = _page_query(filters, after, validated_limit(limit))
        row = await self._read_pool.fetchrow(query, *values)
        assert row is not None  # noqa: S101 - an aggregate query always returns its row
        next_cursor = (
            encode_cursor({"name": row["last_name"], "id": str(row["last_id"])})
            if row["more"]
            else None
        )
        return ProductPageDocument(orjson.Fragment(row["items"]), next_cursor)
