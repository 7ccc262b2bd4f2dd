"""What the worker's use cases need from the outside world, as protocols.

`shop.connectors.db.sessions.UnitOfWork`, `shop.connectors.http.webhooks.WebhookClient`,
`shop.connectors.events.jetstream.JetStreamPublisher` and the Prometheus metrics satisfy them in
production; the unit tests pass fakes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol

from shop.connectors.db.repositories import DeliveryJob, SalesChange, SummaryChange
from shop.connectors.db.sessions import Transaction
from shop.connectors.http.webhooks import SendOutcome
from shop.entities import DeliveryAttempt, OutboxEvent, WebhookDelivery, WebhookSubscription


class OutboxPort(Protocol):
    async def claim_due(self, limit: int) -> list[OutboxEvent]: ...

    async def mark_delivered(self, event_ids: list[uuid.UUID]) -> None: ...

    async def mark_failed(self, event_id: uuid.UUID, error: str, retry_at: datetime) -> None: ...

    async def backlog(self) -> tuple[int, float]: ...


class WebhooksPort(Protocol):
    async def active(self) -> list[WebhookSubscription]: ...

    async def fan_out(
        self, events: list[OutboxEvent], subscriptions: list[WebhookSubscription]
    ) -> int: ...

    async def claim_due(
        self,
        limit: int,
        lease: timedelta,
        per_receiver: int,
        busy: Mapping[uuid.UUID, int] | None = None,
    ) -> list[DeliveryJob]: ...

    async def release(self, delivery_ids: list[uuid.UUID]) -> None: ...

    async def deliveries_for_update(
        self, delivery_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, WebhookDelivery]: ...

    def add_attempt(self, attempt: DeliveryAttempt) -> None: ...

    async def now(self) -> datetime: ...

    async def dead_letters(self) -> int: ...


class ProjectionsPort(Protocol):
    """Each call adds the changes of the events `listener` has not handled before (and
    marks them handled), in one statement."""

    async def add_sales(self, listener: str, changes: Sequence[SalesChange]) -> None: ...

    async def add_to_summaries(self, listener: str, changes: Sequence[SummaryChange]) -> None: ...


class RetentionPort(Protocol):
    async def prune(self, before: datetime, batch: int) -> dict[str, int]:
        """Rows deleted per table: settled before `before`, at most `batch` of each."""


class UnitOfWorkPort(Transaction, Protocol):
    @property
    def outbox(self) -> OutboxPort: ...

    @property
    def retention(self) -> RetentionPort: ...

    @property
    def webhooks(self) -> WebhooksPort: ...

    @property
    def projections(self) -> ProjectionsPort: ...

    def savepoint(self) -> AbstractAsyncContextManager[None]: ...


UnitOfWorkFactory = Callable[[], UnitOfWorkPort]


class EventStreamPort(Protocol):
    """Where other teams' apps read the events (NATS JetStream), when the worker publishes."""

    async def publish(
        self,
        event_id: uuid.UUID,
        event_type: str,
        payload: dict[str, Any],
        trace_context: dict[str, str] | None = None,
    ) -> bool: ...


class WebhookClientPort(Protocol):
    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> SendOutcome: ...


class WorkerMetricsPort(Protocol):
    def event_relayed(self, event_type: str) -> None: ...

    def event_failed(self, event_type: str) -> None: ...

    def webhook_attempted(self, outcome: str, latency: timedelta) -> None: ...

    def backlog(self, waiting: int, lag_seconds: float, dead_letters: int) -> None: ...

    def pruned(self, table: str, rows: int) -> None: ...
