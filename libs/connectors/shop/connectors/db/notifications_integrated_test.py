import asyncio
import contextlib
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shop.connectors.db.conftest import saved_customer, saved_product
from shop.connectors.db.notifications import OrderStatusFeed
from shop.connectors.db.sessions import UnitOfWork
from shop.entities import Order
from shop.testing.database import TestDatabase

pytestmark = pytest.mark.integrated


async def placed_order(sessions: async_sessionmaker[AsyncSession]) -> Order:
    product = await saved_product(sessions, stock=5)
    customer = await saved_customer(sessions)
    order = Order.place(customer.id, [(product, 1)])
    async with UnitOfWork(sessions) as uow:
        await uow.stock.move(order.stock_taken())
        uow.orders.add(order)
        await uow.commit()
    return order


async def test_a_status_change_reaches_its_subscribers_only(
    sessions: async_sessionmaker[AsyncSession], test_database: TestDatabase
) -> None:
    watched, other = await placed_order(sessions), await placed_order(sessions)
    feed = OrderStatusFeed(test_database.url)
    try:
        async with feed.subscribe(watched.id) as changes, feed.subscribe(other.id) as unrelated:
            async with UnitOfWork(sessions) as uow:
                (await uow.orders.get_for_update(watched.id)).fulfil()
                await uow.commit()

            assert await asyncio.wait_for(changes.get(), timeout=5) == "fulfilled"
            assert unrelated.empty()
    finally:
        await feed.close()


async def test_many_idle_subscribers_share_one_connection(
    engine: AsyncEngine, test_database: TestDatabase
) -> None:
    feed = OrderStatusFeed(test_database.url)
    try:
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(25):
                await stack.enter_async_context(feed.subscribe(uuid.uuid4()))
            async with engine.connect() as connection:
                listeners = await connection.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE application_name = 'shop-order-feed' AND datname = :db"
                    ),
                    {"db": test_database.name},
                )
        print(f"\n25 idle subscribers: {listeners} database connection(s)")
        assert listeners == 1
    finally:
        await feed.close()
