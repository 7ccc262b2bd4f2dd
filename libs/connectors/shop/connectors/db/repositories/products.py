"""Products: lookups, listings with filters, and stock taken atomically."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.core.errors import ConflictError, NotFoundError, ShopError, ValidationFailedError
from shop.entities import Product, StockMovement


class Products:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, product_id: uuid.UUID) -> Product:
        product = await self._session.get(Product, product_id)
        if product is None:
            raise NotFoundError(f"No product {product_id}.")
        return product

    async def get_for_update(self, product_id: uuid.UUID) -> Product:
        """The product with its row locked until the transaction ends (stock counts, edits)."""
        product = await self._session.scalar(
            select(Product)
            .where(Product.id == product_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if product is None:
            raise NotFoundError(f"No product {product_id}.")
        return product

    async def get_many(self, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, Product]:
        rows = await self._session.scalars(select(Product).where(Product.id.in_(product_ids)))
        return {product.id: product for product in rows}

    async def list_by_skus(self, skus: list[str]) -> list[Product]:
        return list(await self._session.scalars(select(Product).where(Product.sku.in_(skus))))

    def add(self, product: Product) -> None:
        self._session.add(product)


class StockLedger:
    """Stock moves as single conditional UPDATEs: concurrent orders can never oversell.

    A change that moves several products' stock takes their row locks in product-id order,
    whatever order its lines came in: two orders for [A, B] and [B, A] then queue on A instead
    of each holding one row and waiting for the other (a deadlock PostgreSQL breaks only after
    `deadlock_timeout`, failing one of them, while both hold pool connections).
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def move(self, movements: Iterable[StockMovement]) -> None:
        for movement in sorted(movements, key=lambda m: m.product_id):
            if movement.delta < 0:
                await self._take(movement.product_id, -movement.delta)
            else:
                await self._give_back(movement.product_id, movement.delta)

    async def _take(self, product_id: uuid.UUID, quantity: int) -> None:
        taken = await self._session.scalar(
            update(Product)
            .where(
                Product.id == product_id,
                Product.active.is_(True),
                Product.stock >= quantity,
            )
            .values(stock=Product.stock - quantity, version=Product.version + 1)
            .returning(Product.id)
            .execution_options(synchronize_session=False)
        )
        if taken is None:
            raise await self._refusal(product_id, quantity) or ConflictError(
                f"The stock of product {product_id} changed meanwhile; try again.",
                product_id=str(product_id),
            )

    async def _give_back(self, product_id: uuid.UUID, quantity: int) -> None:
        await self._session.execute(
            update(Product)
            .where(Product.id == product_id)
            .values(stock=Product.stock + quantity, version=Product.version + 1)
            .execution_options(synchronize_session=False)
        )

    async def explain_refusal(self, movements: Iterable[StockMovement]) -> None:
        """Why stock could not be taken (raised), or nothing when every movement could be taken
        now (what was in the way is gone: a price or currency that changed, say)."""
        for movement in sorted(movements, key=lambda m: m.product_id):
            if movement.delta < 0:
                refusal = await self._refusal(movement.product_id, -movement.delta)
                if refusal is not None:
                    raise refusal

    async def _refusal(self, product_id: uuid.UUID, quantity: int) -> ShopError | None:
        row = (
            await self._session.execute(
                select(Product.sku, Product.stock, Product.active).where(Product.id == product_id)
            )
        ).one_or_none()
        if row is None:
            return NotFoundError(f"No product {product_id}.", product_id=str(product_id))
        if not row.active:
            return ValidationFailedError(
                f"Product {row.sku} is archived and cannot be ordered.",
                product_id=str(product_id),
            )
        if row.stock >= quantity:
            return None
        return ConflictError(
            f"Not enough stock of {row.sku}: {row.stock} left, {quantity} asked.",
            product_id=str(product_id),
            available=row.stock,
            requested=quantity,
        )
