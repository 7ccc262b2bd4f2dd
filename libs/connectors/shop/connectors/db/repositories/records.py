"""Idempotency records, the audit log and the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.connectors.db.queries.filters import AuditFilter
from shop.connectors.db.queries.orderings import AUDIT_NEWEST_FIRST
from shop.connectors.db.queries.pages import Page
from shop.entities import AuditEntry, IdempotencyRecord, OutboxEvent


class IdempotencyRecords:
    """The replies kept for Idempotency-Keys; an order's placement writes its key's record
    (`OrderPlacements`), retries read it here."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, customer_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
        found: IdempotencyRecord | None = await self._session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.customer_id == customer_id, IdempotencyRecord.key == key
            )
        )
        return found


class AuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, entry: AuditEntry) -> None:
        self._session.add(entry)

    async def list(
        self, filters: AuditFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[AuditEntry]:
        statement = select(AuditEntry)
        if filters.actor_id is not None:
            statement = statement.where(AuditEntry.actor_id == filters.actor_id)
        if filters.object_type is not None:
            statement = statement.where(AuditEntry.object_type == filters.object_type)
        if filters.object_id is not None:
            statement = statement.where(AuditEntry.object_id == filters.object_id)
        if filters.since is not None:
            statement = statement.where(AuditEntry.created_at >= filters.since)
        if filters.before is not None:
            statement = statement.where(AuditEntry.created_at < filters.before)
        keyset = AUDIT_NEWEST_FIRST
        rows = (await self._session.scalars(keyset.apply(statement, cursor, limit))).all()
        return keyset.page(rows, limit, key=lambda e: (e.created_at, e.id))


class Outbox:
    """Writer (same transaction as the change) and reader (for the worker's relay)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, event: OutboxEvent) -> None:
        self._session.add(event)

    async def claim_due(self, limit: int) -> list[OutboxEvent]:
        """Lock up to `limit` due, undelivered events; other workers skip them meanwhile."""
        rows = await self._session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.delivered_at.is_(None), OutboxEvent.next_attempt_at <= func.now())
            .order_by(OutboxEvent.next_attempt_at, OutboxEvent.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows)

    async def backlog(self) -> tuple[int, float]:
        """How many events wait to be relayed, and seconds since the oldest of them was written
        (0 when none waits)."""
        count, age = (
            await self._session.execute(
                select(
                    func.count(),
                    func.extract("epoch", func.now() - func.min(OutboxEvent.created_at)),
                ).where(OutboxEvent.delivered_at.is_(None))
            )
        ).one()
        return int(count), float(age or 0)

    async def mark_delivered(self, event_ids: list[uuid.UUID]) -> None:
        """One statement for a whole batch."""
        if not event_ids:
            return
        await self._session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(event_ids))
            .values(delivered_at=func.now(), attempts=OutboxEvent.attempts + 1, last_error=None)
            # No search of the session for matching objects: with a batch of events loaded,
            # that search made every mark cost as much as the batch.
            .execution_options(synchronize_session=False)
        )

    async def mark_failed(self, event_id: uuid.UUID, error: str, retry_at: datetime) -> None:
        await self._session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event_id)
            .values(
                attempts=OutboxEvent.attempts + 1,
                last_error=error[:2000],
                next_attempt_at=retry_at,
            )
            .execution_options(synchronize_session=False)
        )
