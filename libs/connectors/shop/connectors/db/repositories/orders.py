"""Orders with their lines, always loaded explicitly: a constant number of queries per page."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from shop.connectors.db.queries.filters import OrderFilter
from shop.connectors.db.queries.orderings import ORDERS_NEWEST_FIRST
from shop.connectors.db.queries.pages import Page
from shop.connectors.db.repositories.products import StockLedger
from shop.core.errors import NotFoundError
from shop.entities import Order


class Orders:
    def __init__(self, session: AsyncSession, stock: StockLedger) -> None:
        self._session = session
        self._stock = stock

    async def get(self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None) -> Order:
        """The order with its lines; scoped to a customer, someone else's order is not found."""
        return await self._one(order_id, customer_id, lock=False)

    async def get_for_update(
        self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> Order:
        """Like get(), with the order row locked until the transaction ends (and its customer
        loaded, whom the events of the change name)."""
        return await self._one(order_id, customer_id, lock=True)

    async def _one(
        self, order_id: uuid.UUID, customer_id: uuid.UUID | None, *, lock: bool
    ) -> Order:
        statement = select(Order).options(selectinload(Order.lines)).where(Order.id == order_id)
        if customer_id is not None:
            statement = statement.where(Order.customer_id == customer_id)
        if lock:  # to move it on: its events name the customer
            statement = statement.options(joinedload(Order.customer, innerjoin=True))
            statement = statement.with_for_update(of=Order)
        order = await self._session.scalar(statement)
        if order is None:
            raise NotFoundError(f"No order {order_id}.")
        return order

    def add(self, order: Order) -> None:
        self._session.add(order)

    async def cancel(self, order: Order) -> None:
        """Cancel a locked order (`get_for_update`) and give its stock back, in this
        transaction: how every app cancels. The stock last, so the product rows stay locked
        from here to the commit only."""
        given_back = order.cancel()
        await self._session.flush()
        await self._stock.move(given_back)

    async def list(
        self, filters: OrderFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[Order]:
        statement = select(Order).options(selectinload(Order.lines))
        if filters.customer_id is not None:
            statement = statement.where(Order.customer_id == filters.customer_id)
        if filters.status is not None:
            statement = statement.where(Order.status == filters.status)
        if filters.placed_from is not None:
            statement = statement.where(Order.created_at >= filters.placed_from)
        if filters.placed_before is not None:
            statement = statement.where(Order.created_at < filters.placed_before)
        rows = (
            await self._session.scalars(ORDERS_NEWEST_FIRST.apply(statement, cursor, limit))
        ).all()
        return ORDERS_NEWEST_FIRST.page(rows, limit, key=lambda o: (o.created_at, o.id))
