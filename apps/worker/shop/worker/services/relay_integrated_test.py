"""The relay against PostgreSQL: two workers on one outbox, each event handled exactly once."""

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.core.backoff import Backoff
from shop.entities import (
    EventType,
    OutboxEvent,
    ProcessedEvent,
    ProductSales,
    WebhookDelivery,
    WebhookSubscription,
)
from shop.testing.data import add_customer, add_order, add_product, units_of_work
from shop.testing.fakes import RecordingMetrics
from shop.testing.statements import counting_statements
from shop.worker.services.relay import RelayOutbox

pytestmark = pytest.mark.integrated

ORDERS = 60


async def drain(relay: RelayOutbox, batch: int) -> int:
    handled = 0
    while (done := await relay.execute(batch)) > 0:
        handled += done
    return handled


async def test_two_relays_on_one_outbox_handle_every_event_exactly_once(
    engine: AsyncEngine,
) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=ORDERS * 2)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        subscription = WebhookSubscription.create(
            url="http://127.0.0.1:9/hooks", event_types=["order.placed"], secret="s" * 20
        )
        uow.webhooks.add(subscription)
        await uow.commit()
    orders = [
        await add_order(engine, customer, [(product, 2)], with_event=True) for _ in range(ORDERS)
    ]
    metrics = RecordingMetrics()
    relays = [RelayOutbox(units_of_work(engine), Backoff(), metrics) for _ in range(2)]

    handled = await asyncio.gather(*(drain(relay, batch=7) for relay in relays))

    async with engine.connect() as connection:
        sales = await connection.scalar(
            select(ProductSales.units_sold).where(ProductSales.product_id == product.id)
        )
        claims = await connection.scalar(
            select(func.count())
            .select_from(ProcessedEvent)
            .where(ProcessedEvent.listener == "product_sales")
        )
        deliveries = await connection.scalar(
            select(func.count()).select_from(
                select(OutboxEvent.id)
                .where(OutboxEvent.payload["order_id"].astext.in_([str(o.id) for o in orders]))
                .where(OutboxEvent.delivered_at.is_not(None))
                .subquery()
            )
        )
    print(f"\nrelays handled {handled} events (two workers, batches of 7)")
    assert sum(handled) >= ORDERS  # other tests' events may be in this database too
    assert sales == ORDERS * 2
    assert claims is not None
    assert claims >= ORDERS
    assert deliveries == ORDERS
    assert metrics.relayed["order.placed"] >= ORDERS
    await assert_fanned_out_once(engine, subscription.id, ORDERS)


async def assert_fanned_out_once(
    engine: AsyncEngine, subscription_id: uuid.UUID, expected: int
) -> None:
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(WebhookDelivery.subscription_id == subscription_id)
        )
    assert count == expected


async def test_an_event_relayed_again_changes_nothing(engine: AsyncEngine) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=10)
    order = await add_order(engine, customer, [(product, 3)], with_event=True)
    relay = RelayOutbox(units_of_work(engine), Backoff(), RecordingMetrics())
    await drain(relay, batch=50)

    # At-least-once: the same event comes round again (a worker died before its commit showed).
    async with engine.begin() as connection:
        await connection.execute(
            update(OutboxEvent)
            .where(OutboxEvent.payload["order_id"].astext == str(order.id))
            .values(delivered_at=None)
        )
    await drain(relay, batch=50)

    async with engine.connect() as connection:
        units = await connection.scalar(
            select(ProductSales.units_sold).where(ProductSales.product_id == product.id)
        )
    assert units == 3


async def test_a_failing_listener_leaves_its_event_for_later_and_the_others_go_on(
    engine: AsyncEngine,
) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=10)
    good = await add_order(engine, customer, [(product, 1)], with_event=True)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        uow.outbox.add(OutboxEvent.new(EventType.ORDER_PLACED, {"lines": "not a list"}))
        await uow.commit()
    metrics = RecordingMetrics()

    await drain(RelayOutbox(units_of_work(engine), Backoff(base_seconds=60), metrics), batch=50)

    async with engine.connect() as connection:
        broken = (
            await connection.execute(
                select(
                    OutboxEvent.attempts, OutboxEvent.last_error, OutboxEvent.delivered_at
                ).where(OutboxEvent.payload["lines"].astext == "not a list")
            )
        ).one()
        good_delivered = await connection.scalar(
            select(OutboxEvent.delivered_at).where(
                OutboxEvent.payload["order_id"].astext == str(good.id)
            )
        )
    assert metrics.failed == {"order.placed": 1}
    assert (broken.attempts, broken.delivered_at) == (1, None)
    assert broken.last_error
    assert good_delivered is not None


async def test_a_batch_costs_the_same_statements_for_ten_events_or_a_hundred(
    engine: AsyncEngine,
) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=1000)
    counts = {}
    for size in (10, 100):
        async with engine.begin() as connection:  # other tests' events wait: the batch is ours
            await connection.execute(
                update(OutboxEvent)
                .where(OutboxEvent.delivered_at.is_(None))
                .values(next_attempt_at=func.now() + timedelta(days=1))
            )
        for _ in range(size):
            await add_order(engine, customer, [(product, 1)], with_event=True)
        relay = RelayOutbox(units_of_work(engine), Backoff(), RecordingMetrics())
        with counting_statements(engine) as log:
            handled = await relay.execute(size)
        counts[size] = len(log)
        assert handled == size

    print(f"\nSQL statements to relay a batch: {counts}")
    assert counts[10] == counts[100]
