import asyncio
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shop.connectors.db.queries import OrderFilter
from shop.connectors.db.repositories import KeyedReply, Placement
from shop.connectors.db.sessions import UnitOfWork
from shop.core.errors import ConflictError, NotFoundError, ValidationFailedError
from shop.entities import (
    Order,
    OrderStatus,
    OutboxEvent,
    Product,
    StockMovement,
    request_fingerprint,
)
from shop.testing.data import add_customer, add_product
from shop.testing.statements import counting_statements

pytestmark = pytest.mark.integrated


async def place(
    sessions: async_sessionmaker[AsyncSession],
    customer_id: uuid.UUID,
    product_id: uuid.UUID,
    quantity: int = 1,
) -> Order:
    async with UnitOfWork(sessions) as uow:
        products = await uow.products.get_many([product_id])
        order = Order.place(
            await uow.customers.get(customer_id), [(products[product_id], quantity)]
        )
        await uow.stock.move(order.stock_taken())
        uow.orders.add(order)  # with the event it recorded
        await uow.commit()
        return order


async def place_lines(
    sessions: async_sessionmaker[AsyncSession],
    customer_id: uuid.UUID,
    product_ids: list[uuid.UUID],
) -> Order:
    async with UnitOfWork(sessions) as uow:
        products = await uow.products.get_many(product_ids)
        order = Order.place(
            await uow.customers.get(customer_id), [(products[pid], 1) for pid in product_ids]
        )
        await uow.stock.move(order.stock_taken())
        uow.orders.add(order)
        await uow.commit()
        return order


async def stock_of(sessions: async_sessionmaker[AsyncSession], product_id: uuid.UUID) -> int:
    async with UnitOfWork(sessions) as uow:
        return (await uow.products.get(product_id)).stock


async def test_fifty_concurrent_orders_for_ten_in_stock_sell_exactly_ten(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=10)
    customer = await add_customer(engine)

    results = await asyncio.gather(
        *(place(sessions, customer.id, product.id) for _ in range(50)), return_exceptions=True
    )

    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    print(f"\n50 concurrent orders, stock 10: {len(placed)} placed, {len(refused)} refused")
    assert (len(placed), len(refused)) == (10, 40)
    assert await stock_of(sessions, product.id) == 0
    async with UnitOfWork(sessions) as uow:
        events = await uow.session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.payload["order_id"].astext.in_([str(o.id) for o in placed]))
        )
    assert events == 10  # each order committed together with its event, and only those


async def test_orders_listing_the_same_products_in_opposite_orders_do_not_deadlock(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    first, second = await add_product(engine, stock=100), await add_product(engine, stock=100)
    customer = await add_customer(engine)
    crossed = [[first.id, second.id], [second.id, first.id]] * 10

    results = await asyncio.gather(
        *(place_lines(sessions, customer.id, lines) for lines in crossed), return_exceptions=True
    )

    failures = [repr(r) for r in results if not isinstance(r, Order)]
    print(f"\n20 concurrent two-line orders, half [A, B], half [B, A]: {len(failures)} failed")
    assert failures == []
    assert await stock_of(sessions, first.id) == await stock_of(sessions, second.id) == 80


async def test_insufficient_stock_names_the_product_and_changes_nothing(
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    product = await add_product(engine, stock=2)
    customer = await add_customer(engine)

    with pytest.raises(ConflictError, match=product.sku) as refused:
        await place(sessions, customer.id, product.id, quantity=3)

    assert refused.value.extensions["available"] == 2
    assert await stock_of(sessions, product.id) == 2


async def test_an_archived_product_is_refused_by_the_ledger(
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    product = await add_product(engine, stock=5)
    async with UnitOfWork(sessions) as uow:
        (await uow.products.get(product.id)).archive()
        await uow.commit()

    async with UnitOfWork(sessions) as uow:
        with pytest.raises(ValidationFailedError, match="archived"):
            await uow.stock.move([StockMovement(product.id, -1)])


async def test_cancelling_gives_the_stock_back(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=5)
    customer = await add_customer(engine)
    order = await place(sessions, customer.id, product.id, quantity=3)

    async with UnitOfWork(sessions) as uow:
        locked = await uow.orders.get_for_update(order.id, customer_id=customer.id)
        await uow.stock.move(locked.cancel())
        await uow.commit()

    assert await stock_of(sessions, product.id) == 5
    async with UnitOfWork(sessions) as uow:
        assert (await uow.orders.get(order.id)).status == OrderStatus.CANCELLED


async def test_another_customers_order_is_not_found(
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    product = await add_product(engine, stock=5)
    owner, stranger = await add_customer(engine), await add_customer(engine)
    order = await place(sessions, owner.id, product.id)

    async with UnitOfWork(sessions) as uow:
        with pytest.raises(NotFoundError):
            await uow.orders.get(order.id, customer_id=stranger.id)


async def place_once(
    sessions: async_sessionmaker[AsyncSession],
    customer_id: uuid.UUID,
    product_id: uuid.UUID,
    key: str,
) -> str:
    """The idempotent flow a use case follows: place with the key's reply, or read the reply
    the key kept."""
    body = {"product_id": str(product_id), "quantity": 1}
    fingerprint = request_fingerprint(body)
    async with UnitOfWork(sessions) as uow:
        products = await uow.products.get_many([product_id])
        order = Order.place(await uow.customers.get(customer_id), [(products[product_id], 1)])
        reply = KeyedReply(customer_id, key, fingerprint, 201, {"order_id": str(order.id)})
        if await uow.placements.place(order, reply) is Placement.PLACED:
            await uow.commit()
            return str(order.id)
    async with UnitOfWork(sessions) as uow:
        record = await uow.idempotency.get(customer_id, key)
        assert record is not None
        assert record.matches(fingerprint)
        assert record.response_body is not None
        return str(record.response_body["order_id"])


async def test_twenty_concurrent_retries_of_one_key_make_one_order(
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    product = await add_product(engine, stock=100)
    customer = await add_customer(engine)

    replies = await asyncio.gather(
        *(place_once(sessions, customer.id, product.id, "key-1") for _ in range(20))
    )

    async with UnitOfWork(sessions) as uow:
        orders = await uow.orders.list(OrderFilter(customer_id=customer.id), limit=100)
    print(f"\n20 concurrent requests with one key: {len(orders.items)} order(s)")
    assert len(orders.items) == 1
    assert set(replies) == {str(orders.items[0].id)}
    assert await stock_of(sessions, product.id) == 99


async def test_listing_orders_costs_the_same_queries_for_one_or_a_hundred(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    product: Product = await add_product(engine, stock=1000)
    customer = await add_customer(engine)
    for _ in range(100):
        await place(sessions, customer.id, product.id)

    counts = {}
    for limit in (1, 100):
        async with UnitOfWork(sessions) as uow:
            with counting_statements(engine) as log:
                page = await uow.orders.list(OrderFilter(customer_id=customer.id), limit=limit)
                lines = sum(len(order.lines) for order in page.items)
        counts[limit] = len(log)
        assert lines == limit

    print(f"\nSQL statements to list orders with lines: {counts}")
    assert counts[1] == counts[100]


async def test_pages_follow_each_other_without_gaps_or_repeats(
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    product = await add_product(engine, stock=100)
    customer = await add_customer(engine)
    placed = {str((await place(sessions, customer.id, product.id)).id) for _ in range(7)}

    seen: list[str] = []
    cursor = None
    while True:
        async with UnitOfWork(sessions) as uow:
            page = await uow.orders.list(OrderFilter(customer_id=customer.id), cursor, limit=3)
        seen += [str(order.id) for order in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert len(seen) == 7
    assert set(seen) == placed
