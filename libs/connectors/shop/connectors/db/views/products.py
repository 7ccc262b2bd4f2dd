"""Products as clients see them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.errors import translated_errors
from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.repositories.pagination import Page
from shop.connectors.db.repositories.products import BY_NAME, ProductFilter, product_conditions
from shop.core.errors import NotFoundError
from shop.entities import Product

_COLUMNS = (
    Product.id,
    Product.sku,
    Product.name,
    Product.description,
    Product.price_minor,
    Product.currency,
    Product.stock,
    Product.active,
    Product.version,
)


def _as_dict(row: Any) -> dict[str, Any]:
    """From a SQLAlchemy Row or an asyncpg Record alike (both index by column name)."""
    return {
        "id": str(row["id"]),
        "sku": row["sku"],
        "name": row["name"],
        "description": row["description"],
        "price_minor": row["price_minor"],
        "currency": row["currency"],
        "stock": row["stock"],
        "in_stock": row["stock"] > 0,
        "active": row["active"],
        "version": row["version"],
    }


# The hottest query, as plain SQL for the read pool (asyncpg prepares it once per connection).
_SELECT_ONE = (
    "SELECT id, sku, name, description, price_minor, currency, stock, active, version "
    "FROM products WHERE id = $1"
)
_SELECT_ONE_ACTIVE = _SELECT_ONE + " AND active"


class ProductViews:
    def __init__(self, engine: AsyncEngine, read_pool: ReadPool) -> None:
        self._engine = engine
        self._read_pool = read_pool

    async def get(self, product_id: uuid.UUID, *, active_only: bool) -> dict[str, Any]:
        query = _SELECT_ONE_ACTIVE if active_only else _SELECT_ONE
        row = await self._read_pool.fetchrow(query, product_id)
        if row is None:
            raise NotFoundError(f"No product {product_id}.")
        return _as_dict(row)

    async def list(
        self, filters: ProductFilter, cursor: str | None, limit: int
    ) -> Page[dict[str, Any]]:
        statement = BY_NAME.apply(
            select(*_COLUMNS).where(*product_conditions(filters)), cursor, limit
        )
        with translated_errors():
            async with self._engine.connect() as connection:
                rows = (await connection.execute(statement)).all()
        page = BY_NAME.page(rows, limit, key=lambda row: (row.name, row.id))
        return Page([_as_dict(row._mapping) for row in page.items], page.next_cursor)
