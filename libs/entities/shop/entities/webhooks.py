"""Webhooks: staff subscribe a URL to event types; each matching event becomes a delivery,
tried until the receiver accepts it or the attempts run out (then it is dead-lettered)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import ARRAY, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities.base import Base, HasId, HasTimestamps, new_id
from shop.entities.records import EventType

MIN_SECRET_LENGTH = 16


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


def validated_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise ValidationFailedError(f"{url!r} is not a URL.") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationFailedError(f"{url!r} is not an http(s) URL.")
    if parts.username is not None or parts.password is not None:
        # Deliveries are signed; a password in the URL would only be copied into logs.
        raise ValidationFailedError("A webhook URL may not carry a user name or password.")
    return url.strip()


def validated_event_types(event_types: Sequence[str]) -> list[str]:
    known = {str(event_type) for event_type in EventType}
    types = sorted({t.strip() for t in event_types if t.strip()})
    if not types:
        raise ValidationFailedError("A subscription needs at least one event type.")
    unknown = [t for t in types if t not in known]
    if unknown:
        raise ValidationFailedError(
            f"Unknown event types {unknown}; known: {sorted(known)}.", unknown=unknown
        )
    return types


class WebhookSubscription(HasId, HasTimestamps, Base):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        CheckConstraint("cardinality(event_types) > 0", name="event_types_not_empty"),
    )

    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(100)))
    # Signs every delivery (HMAC-SHA256); never shown again after it is set.
    secret: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True, server_default="true")

    @classmethod
    def create(cls, *, url: str, event_types: Sequence[str], secret: str) -> WebhookSubscription:
        types = validated_event_types(event_types)
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValidationFailedError(f"A secret needs {MIN_SECRET_LENGTH}+ characters.")
        return cls(
            id=new_id(), url=validated_url(url), event_types=types, secret=secret, active=True
        )

    def deactivate(self) -> None:
        self.active = False

    def wants(self, event_type: str) -> bool:
        return self.active and event_type in self.event_types


class WebhookDelivery(HasId, HasTimestamps, Base):
    """One event for one subscription: pending until delivered or dead."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        CheckConstraint("status IN ('pending', 'delivered', 'dead')", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The sender's work queues, one per subscription: its pending deliveries in due order.
        Index(
            "ix_webhook_deliveries_due_per_subscription",
            "subscription_id",
            "next_attempt_at",
            postgresql_where="status = 'pending'",
        ),
        # The single queue of workers up to 1.0.0 (before the per-subscription claim): kept
        # while a rolling deploy may still run one, to be dropped by a later revision.
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where="status = 'pending'",
        ),
        # Retention: delivered ones, oldest first (the worker prunes them with their attempts).
        Index(
            "ix_webhook_deliveries_delivered",
            "delivered_at",
            postgresql_where="status = 'delivered'",
        ),
        # The dead letters, counted every second for the worker's gauge.
        Index("ix_webhook_deliveries_dead", "updated_at", postgresql_where="status = 'dead'"),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id"), index=True
    )
    event_id: Mapped[uuid.UUID]
    event_type: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]

    def succeeded(self, at: datetime) -> None:
        self.attempts += 1
        self.status = DeliveryStatus.DELIVERED
        self.delivered_at = at
        self.last_error = None

    def failed(self, error: str, retry_in: timedelta | None, at: datetime) -> None:
        """Another failed attempt; without a retry time the delivery is dead-lettered."""
        self.attempts += 1
        self.last_error = error[:2000]
        if retry_in is None:
            self.status = DeliveryStatus.DEAD
        else:
            self.next_attempt_at = at + retry_in

    def redeliver(self, at: datetime) -> None:
        """Staff send a dead delivery again: a fresh round of attempts."""
        if self.status != DeliveryStatus.DEAD:
            raise ConflictError(f"Delivery {self.id} is {self.status}; only a dead one is resent.")
        self.status = DeliveryStatus.PENDING
        self.attempts = 0
        self.next_attempt_at = at


class DeliveryAttempt(HasId, Base):
    """What one try looked like: when, the receiver's status (if it answered), how long, why not."""

    __tablename__ = "webhook_attempts"

    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime]
    status_code: Mapped[int | None]
    latency_ms: Mapped[float]
    error: Mapped[str | None] = mapped_column(Text)

    @classmethod
    def record(
        cls,
        delivery_id: uuid.UUID,
        at: datetime,
        status_code: int | None,
        latency: timedelta,
        error: str | None,
    ) -> DeliveryAttempt:
        return cls(
            id=new_id(),
            delivery_id=delivery_id,
            attempted_at=at,
            status_code=status_code,
            latency_ms=latency.total_seconds() * 1000,
            error=error[:2000] if error else None,
        )
