"""Products as clients see them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.errors import translated_errors
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
    return {
        "id": str(row.id),
        "sku": row.sku,
        "name": row.name,
        "description": row.description,
        "price_minor": row.price_minor,
        "currency": row.currency,
        "stock": row.stock,
        "in_stock": row.stock > 0,
        "active": row.active,
        "version": row.version,
    }


class ProductViews:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get(self, product_id: uuid.UUID, *, active_only: bool) -> dict[str, Any]:
        statement = select(*_COLUMNS).where(Product.id == product_id)
        if active_only:
            statement = statement.where(Product.active.is_(True))
        with translated_errors():
            async with self._engine.connect() as connection:
                row = (await connection.execute(statement)).one_or_none()
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
        return Page([_as_dict(row) for row in page.items], page.next_cursor)
