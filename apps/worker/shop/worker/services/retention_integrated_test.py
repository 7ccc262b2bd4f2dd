"""The retention against PostgreSQL: what the worker is done with goes, batch after batch, once
it is older than the retention; what may still be needed stays."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.testing.data import dead_delivery, units_of_work
from shop.testing.fakes import RecordingMetrics
from shop.worker.services.retention import PruneRecords

pytestmark = pytest.mark.integrated

KEEP = timedelta(days=7)
OLD, RECENT = timedelta(days=10), timedelta(days=1)  # ages, before now


async def _event(engine: AsyncEngine, delivered: timedelta | None) -> uuid.UUID:
    event_id = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO outbox_events (id, type, payload, created_at, attempts,"
                " next_attempt_at, delivered_at)"
                " VALUES (:id, 'order.placed', '{}', now() - CAST(:old AS interval), 1,"
                " now() - CAST(:old AS interval),"
                " now() - CAST(:delivered AS interval))"
            ),
            {"id": event_id, "old": OLD, "delivered": delivered},
        )
    return event_id


async def _processed(engine: AsyncEngine, event_id: uuid.UUID, age: timedelta) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO processed_events (listener, event_id, processed_at)"
                " VALUES ('sales', :id, now() - CAST(:age AS interval))"
            ),
            {"id": event_id, "age": age},
        )


async def _delivered(engine: AsyncEngine, subscription_id: uuid.UUID, age: timedelta) -> uuid.UUID:
    delivery_id = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type,"
                " status, attempts, next_attempt_at, delivered_at, created_at, updated_at)"
                " VALUES (:id, :subscription, :id, 'order.placed', 'delivered', 1,"
                " now() - CAST(:age AS interval), now() - CAST(:age AS interval),"
                " now() - CAST(:age AS interval), now() - CAST(:age AS interval))"
            ),
            {"id": delivery_id, "subscription": subscription_id, "age": age},
        )
        await connection.execute(
            text(
                "INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status_code,"
                " latency_ms) VALUES (:attempt, :id, now() - CAST(:age AS interval), 204, 3.5)"
            ),
            {"attempt": uuid.uuid4(), "id": delivery_id, "age": age},
        )
    return delivery_id


async def _ids(engine: AsyncEngine, query: str) -> set[uuid.UUID]:
    async with engine.connect() as connection:
        return set((await connection.scalars(text(query))).all())


async def test_settled_records_older_than_the_retention_go_one_batch_at_a_time(
    engine: AsyncEngine,
) -> None:
    old_delivered = [await _event(engine, OLD) for _ in range(3)]
    recent = await _event(engine, RECENT)
    undelivered = await _event(engine, None)  # still to relay, however old
    for event_id in (*old_delivered, undelivered):
        await _processed(engine, event_id, OLD)
    await _processed(engine, recent, RECENT)
    dead = await dead_delivery(engine)  # waits for a person, however old
    old_deliveries = [await _delivered(engine, dead.subscription_id, OLD) for _ in range(3)]
    recent_delivery = await _delivered(engine, dead.subscription_id, RECENT)
    metrics = RecordingMetrics()
    prune = PruneRecords(units_of_work(engine), KEEP, batch=2, metrics=metrics)

    rounds = [await prune.execute() for _ in range(4)]

    events = await _ids(engine, "SELECT id FROM outbox_events")
    keys = await _ids(engine, "SELECT event_id FROM processed_events")
    deliveries = await _ids(engine, "SELECT id FROM webhook_deliveries")
    attempts = await _ids(engine, "SELECT delivery_id FROM webhook_attempts")
    assert rounds == [6, 3, 0, 0]  # 2 + 2 + 2, then 1 + 1 + 1, then nothing
    assert not events & set(old_delivered)
    assert {recent, undelivered} <= events
    assert keys & {*old_delivered, recent, undelivered} == {recent, undelivered}
    assert not deliveries & set(old_deliveries)
    assert {dead.id, recent_delivery} <= deliveries
    assert not attempts & set(old_deliveries)  # the attempts went with their deliveries
    assert metrics.pruned_rows == {
        "outbox_events": 3, "webhook_deliveries": 3, "processed_events": 3,
    }  # fmt: skip


async def test_a_retention_of_zero_keeps_everything(engine: AsyncEngine) -> None:
    old = await _event(engine, OLD)

    pruned = await PruneRecords(units_of_work(engine), None, 100, RecordingMetrics()).execute()

    assert pruned == 0
    assert old in await _ids(engine, "SELECT id FROM outbox_events")
