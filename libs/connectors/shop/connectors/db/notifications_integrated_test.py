import asyncio

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shop.connectors.db.notifications import OrderStatusFeed
from shop.connectors.db.sessions import UnitOfWork
from shop.entities import Order
from shop.testing.data import add_customer, add_order, add_product
from shop.testing.database import TestDatabase, with_database

pytestmark = pytest.mark.integrated


async def placed_order(engine: AsyncEngine) -> Order:
    customer = await add_customer(engine)
    return await add_order(engine, customer, [(await add_product(engine, stock=5), 1)])


async def test_a_status_change_reaches_its_subscribers_only(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine, test_database: TestDatabase
) -> None:
    watched, other = await placed_order(engine), await placed_order(engine)
    feed = OrderStatusFeed(test_database.url)
    try:
        async with feed.subscribe(watched.id) as changes, feed.subscribe(other.id) as unrelated:
            async with UnitOfWork(sessions) as uow:
                (await uow.orders.get_for_update(watched.id)).fulfil()
                await uow.commit()

            await asyncio.wait_for(changes.get(), timeout=5)
            assert unrelated.empty()
    finally:
        await feed.close()


async def test_subscribers_are_woken_when_the_feed_listens_again_after_losing_its_connection(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine, test_database: TestDatabase
) -> None:
    watched = await placed_order(engine)
    feed = OrderStatusFeed(test_database.url)
    database = test_database.name
    server = await asyncpg.connect(with_database(test_database.url, "postgres"))
    try:
        async with feed.subscribe(watched.id) as wake_ups, engine.connect() as connection:
            # The listener's connection dies and cannot come back at once (a database
            # restart)...
            await server.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            await server.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'shop-order-feed' AND datname = $1",
                database,
            )
            # ...and the order changes meanwhile: the notification goes to nobody.
            await connection.execute(
                text(
                    "UPDATE orders SET status = 'fulfilled', version = version + 1 WHERE id = :id"
                ),
                {"id": watched.id},
            )
            await connection.commit()
            await asyncio.sleep(0.3)  # a few failed reconnections
            await server.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

            # Once listening again, the feed wakes the subscriber to read what it missed.
            await asyncio.wait_for(wake_ups.get(), timeout=10)
    finally:
        await server.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        await server.close()
        await feed.close()
