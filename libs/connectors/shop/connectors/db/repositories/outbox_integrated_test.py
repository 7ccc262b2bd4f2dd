import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shop.connectors.db.sessions import UnitOfWork
from shop.entities import EventType, OutboxEvent

pytestmark = pytest.mark.integrated


@pytest.fixture
async def six_events(sessions: async_sessionmaker[AsyncSession]) -> list[OutboxEvent]:
    async with UnitOfWork(sessions) as uow:
        # This process's database is shared by its tests: start the queue empty.
        await uow.session.execute(delete(OutboxEvent))
        events = [OutboxEvent.new(EventType.ORDER_PLACED, {"n": n}) for n in range(6)]
        for event in events:
            uow.outbox.add(event)
        await uow.commit()
    return events


async def test_two_relays_claim_disjoint_batches(
    sessions: async_sessionmaker[AsyncSession], six_events: list[OutboxEvent]
) -> None:
    async with UnitOfWork(sessions) as first, UnitOfWork(sessions) as second:
        batch_one = await first.outbox.claim_due(limit=4)
        batch_two = await second.outbox.claim_due(limit=4)

    one, two = {e.id for e in batch_one}, {e.id for e in batch_two}
    assert (len(one), len(two)) == (4, 2)
    assert one.isdisjoint(two)
    assert one | two == {e.id for e in six_events}


async def test_delivered_and_postponed_events_are_not_claimed_again(
    sessions: async_sessionmaker[AsyncSession], six_events: list[OutboxEvent]
) -> None:
    delivered, failed = six_events[0], six_events[1]
    async with UnitOfWork(sessions) as uow:
        await uow.outbox.mark_delivered([delivered.id])
        await uow.outbox.mark_failed(failed.id, "HTTP 500", datetime.now(UTC) + timedelta(hours=1))
        await uow.commit()

    async with UnitOfWork(sessions) as uow:
        claimed = {e.id for e in await uow.outbox.claim_due(limit=10)}

    assert claimed == {e.id for e in six_events[2:]}


async def test_a_claim_is_released_when_its_transaction_ends(
    sessions: async_sessionmaker[AsyncSession], six_events: list[OutboxEvent]
) -> None:
    async with UnitOfWork(sessions) as crashed:
        assert len(await crashed.outbox.claim_due(limit=10)) == 6
    # The first relay ended without committing (a crash, a restart): nothing stays stuck.
    async with UnitOfWork(sessions) as uow:
        again = await asyncio.wait_for(uow.outbox.claim_due(limit=10), timeout=5)
    assert len(again) == 6
