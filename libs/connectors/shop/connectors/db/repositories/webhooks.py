"""Webhook subscriptions and deliveries: the fan-out of events and the sender's work queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shop.connectors.db.queries.orderings import DELIVERIES_NEWEST_FIRST
from shop.connectors.db.queries.pages import Page
from shop.core.errors import NotFoundError
from shop.entities import (
    DeliveryAttempt,
    DeliveryStatus,
    OutboxEvent,
    WebhookDelivery,
    WebhookSubscription,
    new_id,
)

_DELIVERIES = cast(Table, WebhookDelivery.__table__)

# Claim by lease: the due rows get a later next_attempt_at and the claim commits at once, so no
# transaction stays open while receivers answer. Another worker skips locked rows and, after
# the lease, picks up what a crashed worker had claimed.
_CLAIM = text(
    """
    UPDATE webhook_deliveries d
    SET next_attempt_at = now() + make_interval(secs => :lease_seconds)
    FROM webhook_subscriptions s, outbox_events e
    WHERE d.id IN (
            SELECT id FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED)
      AND s.id = d.subscription_id
      AND e.id = d.event_id
    RETURNING d.id, d.attempts, d.event_id, d.event_type, d.subscription_id, s.url, s.secret,
              e.payload, e.trace_context
    """
)


@dataclass(frozen=True)
class DeliveryJob:
    """A claimed delivery with everything needed to send it."""

    delivery_id: uuid.UUID
    attempts: int
    event_id: uuid.UUID
    event_type: str
    subscription_id: uuid.UUID
    url: str
    secret: str
    payload: dict[str, Any]
    # The trace of the request that wrote the event, which the delivery continues.
    trace_context: dict[str, str] | None = None


class Webhooks:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, subscription: WebhookSubscription) -> None:
        self._session.add(subscription)

    async def get(self, subscription_id: uuid.UUID) -> WebhookSubscription:
        found = await self._session.get(WebhookSubscription, subscription_id)
        if found is None:
            raise NotFoundError(f"No webhook subscription {subscription_id}.")
        return found

    async def all(self) -> list[WebhookSubscription]:
        statement = select(WebhookSubscription).order_by(WebhookSubscription.created_at)
        return list(await self._session.scalars(statement))

    async def active(self) -> list[WebhookSubscription]:
        statement = select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
        return list(await self._session.scalars(statement))

    async def fan_out(
        self, events: list[OutboxEvent], subscriptions: list[WebhookSubscription]
    ) -> int:
        """A pending delivery of each event per interested subscription, in one statement; none
        twice (a re-relayed event finds its deliveries there already)."""
        rows = [
            {
                "id": new_id(),
                "subscription_id": subscription.id,
                "event_id": event.id,
                "event_type": event.type,
                "status": DeliveryStatus.PENDING,
                "next_attempt_at": func.now(),
            }
            for event in events
            for subscription in subscriptions
            if subscription.wants(event.type)
        ]
        if not rows:
            return 0
        result = await self._session.execute(
            insert(_DELIVERIES)  # Core, not ORM: no per-row ORM bookkeeping
            .values(rows)
            .on_conflict_do_nothing(index_elements=["subscription_id", "event_id"])
            .returning(_DELIVERIES.c.id)
        )
        return len(result.all())

    async def claim_due(self, limit: int, lease: timedelta) -> list[DeliveryJob]:
        result = await self._session.execute(
            _CLAIM, {"limit": limit, "lease_seconds": lease.total_seconds()}
        )
        return [
            DeliveryJob(
                row.id,
                row.attempts,
                row.event_id,
                row.event_type,
                row.subscription_id,
                row.url,
                row.secret,
                row.payload,
                row.trace_context,
            )
            for row in result
        ]

    async def dead_letters(self) -> int:
        """Deliveries that gave up: each waits for a person (redeliver, or fix the receiver)."""
        count = await self._session.scalar(
            select(func.count()).where(WebhookDelivery.status == DeliveryStatus.DEAD)
        )
        return int(count or 0)

    async def release(self, delivery_ids: list[uuid.UUID]) -> None:
        """Hand claimed deliveries back untried (a worker stopping): due again at once."""
        await self._session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id.in_(delivery_ids),
                WebhookDelivery.status == DeliveryStatus.PENDING,
            )
            .values(next_attempt_at=func.now())
            .execution_options(synchronize_session=False)
        )

    async def deliveries_for_update(
        self, delivery_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, WebhookDelivery]:
        """Several deliveries, locked in one statement (the sender records a batch at once)."""
        rows = await self._session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.id.in_(delivery_ids))
            .order_by(WebhookDelivery.id)  # one lock order for every worker: no deadlocks
            .with_for_update()
        )
        return {delivery.id: delivery for delivery in rows}

    async def delivery(self, delivery_id: uuid.UUID, *, lock: bool = False) -> WebhookDelivery:
        statement = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
        if lock:
            statement = statement.with_for_update()
        found = await self._session.scalar(statement)
        if found is None:
            raise NotFoundError(f"No webhook delivery {delivery_id}.")
        return found

    def add_attempt(self, attempt: DeliveryAttempt) -> None:
        self._session.add(attempt)

    async def attempts(self, delivery_id: uuid.UUID) -> list[DeliveryAttempt]:
        statement = (
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id == delivery_id)
            .order_by(DeliveryAttempt.attempted_at)
        )
        return list(await self._session.scalars(statement))

    async def deliveries(
        self, status: str | None, cursor: str | None = None, limit: int = 50
    ) -> Page[WebhookDelivery]:
        statement = select(WebhookDelivery)
        if status is not None:
            statement = statement.where(WebhookDelivery.status == status)
        keyset = DELIVERIES_NEWEST_FIRST
        rows = (await self._session.scalars(keyset.apply(statement, cursor, limit))).all()
        return keyset.page(rows, limit, key=lambda d: (d.created_at, d.id))

    async def now(self) -> datetime:
        """The database's clock: leases and retries are compared with it, not the worker's."""
        return (await self._session.scalar(select(func.now()))) or datetime.now().astimezone()
