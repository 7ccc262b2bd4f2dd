import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shop.connectors.db.queries import AuditFilter
from shop.connectors.db.sessions import UnitOfWork
from shop.entities import AuditEntry, StaffRole, StaffUser

pytestmark = pytest.mark.integrated


async def test_entries_filter_by_actor_object_and_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    actor = StaffUser.create(
        email=f"op-{uuid.uuid4().hex[:8]}@example.com",
        name="Op",
        password_hash="h",
        role=StaffRole.OPERATOR,
    )
    product_id = str(uuid.uuid4())
    async with UnitOfWork(sessions) as uow:
        uow.staff.add(actor)
        await uow.flush()
        for action, after in (("product.created", {"stock": 5}), ("stock.adjusted", {"stock": 3})):
            uow.audit.add(
                AuditEntry.record(
                    actor_id=actor.id,
                    action=action,
                    object_type="product",
                    object_id=product_id,
                    before=None,
                    after=after,
                )
            )
        await uow.commit()

    async with UnitOfWork(sessions) as uow:
        mine = await uow.audit.list(AuditFilter(actor_id=actor.id), limit=10)
        this_product = await uow.audit.list(
            AuditFilter(object_type="product", object_id=product_id), limit=1
        )
        future = await uow.audit.list(
            AuditFilter(actor_id=actor.id, since=datetime.now(UTC) + timedelta(hours=1))
        )

    assert [e.action for e in mine.items] == ["stock.adjusted", "product.created"]  # newest first
    assert len(this_product.items) == 1
    assert this_product.next_cursor is not None
    assert future.items == []
