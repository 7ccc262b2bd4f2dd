"""What the system records about changes: idempotent replies, the audit log, the outbox."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shop.entities.base import Base, HasId, new_id, utc_now


def request_fingerprint(payload: Any) -> str:
    """A stable hash of a request body: same content, same hash, whatever the key order."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyRecord(HasId, Base):
    """The first reply to a (customer, Idempotency-Key) pair, replayed to every retry."""

    __tablename__ = "idempotency_records"
    __table_args__ = (
        UniqueConstraint("customer_id", "key"),
        CheckConstraint("length(key) BETWEEN 1 AND 200", name="key_length"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    # Empty while the first request is being handled; set in the same transaction as its work.
    response_status: Mapped[int | None]
    response_body: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, server_default=func.now())

    def matches(self, request_hash: str) -> bool:
        return self.request_hash == request_hash


class AuditEntry(HasId, Base):
    """Who (a staff user) did what to which object, with the object before and after."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index(None, "object_type", "object_id"),
        Index(None, "created_at"),
    )

    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, server_default=func.now())

    @classmethod
    def record(
        cls,
        *,
        actor_id: uuid.UUID,
        action: str,
        object_type: str,
        object_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> AuditEntry:
        return cls(
            id=new_id(),
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
        )


class EventType(StrEnum):
    """Every event the shop publishes: what webhooks subscribe to and listeners react to."""

    ORDER_PLACED = "order.placed"
    ORDER_FULFILLED = "order.fulfilled"
    ORDER_CANCELLED = "order.cancelled"


class OutboxEvent(HasId, Base):
    """An event raised by a change, written in the change's own transaction."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The relay's work queue: undelivered events in due order, the id breaking ties (the
        # events of one transaction share their time): a claim reads only the rows it takes.
        Index(
            "ix_outbox_events_due",
            "next_attempt_at",
            "id",
            postgresql_where="delivered_at IS NULL",
        ),
        # Retention: delivered events, oldest first (the worker prunes them).
        Index(
            "ix_outbox_events_delivered",
            "delivered_at",
            postgresql_where="delivered_at IS NOT NULL",
        ),
    )

    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, server_default=func.now())
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=func.now())
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # The W3C trace context (traceparent, tracestate) of the request that wrote the event, when
    # it was traced: the worker continues that trace for the listeners and webhook deliveries.
    trace_context: Mapped[dict[str, str] | None] = mapped_column(JSONB)

    @classmethod
    def new(cls, event_type: EventType, payload: dict[str, Any]) -> OutboxEvent:
        return cls(id=new_id(), type=event_type, payload=payload, attempts=0)


class RecordsEvents:
    """An aggregate that records the events its rules produce.

    The unit of work writes them to the outbox in the flush that writes the change, so an
    order cannot be fulfilled without its `order.fulfilled`, whichever app fulfils it.
    """

    def record_event(self, event: OutboxEvent) -> None:
        self.__dict__.setdefault("_recorded_events", []).append(event)

    def collect_events(self) -> list[OutboxEvent]:
        """The events recorded since the last collection, handed over once."""
        events: list[OutboxEvent] = self.__dict__.pop("_recorded_events", [])
        return events
