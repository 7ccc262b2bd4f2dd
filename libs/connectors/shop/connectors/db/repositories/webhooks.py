"""Webhook subscriptions and deliveries: the fan-out of events and the sender's work queue."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select, text, update
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
#
# Per receiver: each subscription's queue is read on its own (LATERAL, the per-subscription
# due index), at most `room` of it, which is the per-receiver limit less what this sender has
# in flight there already, so a slow receiver fills its own slots and not everyone's. When the
# total room is smaller than what is due, the queues take turns (each one's first, then each
# one's second...), so a long queue cannot starve the others.
_CLAIM = text(
    """
    WITH room AS (
        SELECT s.id, s.url, s.secret, greatest(:per_receiver - coalesce(b.busy, 0), 0) AS room
        FROM webhook_subscriptions s
        LEFT JOIN unnest(CAST(:busy_ids AS uuid[]), CAST(:busy_counts AS int[])) AS b(id, busy)
               ON b.id = s.id
    ), due AS (
        SELECT q.id, r.url, r.secret,
               row_number() OVER (PARTITION BY r.id ORDER BY q.next_attempt_at) AS turn,
               q.next_attempt_at
        FROM room r
        CROSS JOIN LATERAL (
            SELECT id, next_attempt_at FROM webhook_deliveries
            WHERE subscription_id = r.id AND status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at
            LIMIT r.room
            FOR UPDATE SKIP LOCKED) q
        WHERE r.room > 0
    ), taken AS (
        SELECT id, url, secret FROM due ORDER BY turn, next_attempt_at LIMIT :limit
    )
    UPDATE webhook_deliveries d
    SET next_attempt_at = now() + make_interval(secs => :lease_seconds)
    FROM taken t, outbox_events e
    WHERE d.id = t.id AND e.id = d.event_id
    RETURNING d.id, d.attempts, d.event_id, d.event_type, d.subscription_id, t.url, t.secret,
              e.payload, e.trace_context
    """
)


# One array per column: the same text for any batch, compiled and prepared once.
_FAN_OUT = text(
    """
    INSERT INTO webhook_deliveries
        (id, subscription_id, event_id, event_type, status, attempts, next_attempt_at,
         created_at, updated_at)
    SELECT id, subscription_id, event_id, event_type, 'pending', 0, now(), now(), now()
    FROM unnest(CAST(:ids AS uuid[]), CAST(:subscription_ids AS uuid[]),
                CAST(:event_ids AS uuid[]), CAST(:event_types AS text[]))
         AS d(id, subscription_id, event_id, event_type)
    ON CONFLICT (subscription_id, event_id) DO NOTHING
    RETURNING id
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
        """A pending delivery of each event per interested subscription (the entity's rule), in
        one statement; none twice (a re-relayed event finds its deliveries there already)."""
        pairs = [
            (subscription.id, event)
            for event in events
            for subscription in subscriptions
            if subscription.wants(event.type)
        ]
        if not pairs:
            return 0
        result = await self._session.execute(
            _FAN_OUT,
            {
                "ids": [new_id() for _ in pairs],
                "subscription_ids": [subscription_id for subscription_id, _ in pairs],
                "event_ids": [event.id for _, event in pairs],
                "event_types": [event.type for _, event in pairs],
            },
        )
        return len(result.all())

    async def claim_due(
        self,
        limit: int,
        lease: timedelta,
        per_receiver: int,
        busy: Mapping[uuid.UUID, int] | None = None,
    ) -> list[DeliveryJob]:
        """At most `limit` due deliveries, leased for `lease`; at most `per_receiver` of one
        subscription's less what the caller has in flight there already (`busy`)."""
        busy = busy or {}
        result = await self._session.execute(
            _CLAIM,
            {
                "limit": limit,
                "lease_seconds": lease.total_seconds(),
                "per_receiver": per_receiver,
                "busy_ids": list(busy),
                "busy_counts": list(busy.values()),
            },
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
