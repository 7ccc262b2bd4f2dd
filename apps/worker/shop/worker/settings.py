"""The worker's configuration, composed from the libs' fragments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shop.connectors.db.settings import DatabaseSettings
from shop.connectors.events.jetstream import EventStreamSettings
from shop.connectors.http.targets import WebhookTargetSettings
from shop.core.backoff import Backoff
from shop.core.logging import LogSettings
from shop.core.settings import AppSettings, SettingsFragment
from shop.core.tracing import TracingSettings

WorkerLoop = Literal["relay", "webhooks", "backlog", "retention"]
WORKER_LOOPS: tuple[WorkerLoop, ...] = ("relay", "webhooks", "backlog", "retention")


class WorkerLoopSettings(SettingsFragment):
    """The relay and delivery loops, and the small HTTP port that reports on them."""

    model_config = SettingsConfigDict(env_prefix="WORKER_")

    host: str = "127.0.0.1"
    """The address of the worker's /livez, /readyz and /metrics (images set 0.0.0.0)."""
    port: int = Field(default=8002, ge=1, le=65535)
    """The port of /livez, /readyz and /metrics (an operator's port, not a public one)."""
    batch_size: int = Field(default=200, ge=1, le=5_000)
    """Outbox events relayed per transaction."""
    relay_concurrency: int = Field(default=2, ge=1, le=32)
    """Batches this process relays at once, each in its own transaction: while one waits for
    PostgreSQL the next is under way."""
    poll_interval_seconds: float = Field(default=0.1, gt=0, le=60)
    """How long a loop waits when nothing was due."""
    webhook_concurrency: int = Field(default=100, ge=1, le=1_000)
    """Webhook deliveries in flight at once (per worker process)."""
    webhook_concurrency_per_receiver: int = Field(default=20, ge=1, le=1_000)
    """Of those, at most this many to one subscription: a slow receiver holds only its own
    slots. (Connections are kept alive and shared by the subscriptions of one host.)"""
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    """How long a receiver has to answer one delivery."""
    lease_seconds: float = Field(default=60.0, ge=1, le=3_600)
    """A claimed delivery that is not reported back within the lease is claimed again (longer
    than WORKER_WEBHOOK_TIMEOUT_SECONDS)."""
    max_attempts: int = Field(default=8, ge=1, le=50)
    """Attempts of one delivery before it is dead-lettered."""
    backoff_base_seconds: float = Field(default=1.0, gt=0, le=3_600)
    """The wait before the first retry; it doubles with each attempt (with jitter)."""
    backoff_cap_seconds: float = Field(default=600.0, gt=0, le=86_400)
    """The longest wait between two attempts."""
    retention_days: float = Field(default=7.0, ge=0, le=3_650)
    """How long delivered outbox events, delivered webhook deliveries (with their attempts)
    and the listeners' processed-event keys are kept; 0 keeps them forever. Dead letters are
    never pruned."""
    prune_batch_size: int = Field(default=5_000, ge=1, le=100_000)
    """Rows deleted per table and transaction by the retention."""
    loops: list[WorkerLoop] = Field(default_factory=lambda: list(WORKER_LOOPS), min_length=1)
    """The loops this process runs, as a JSON list (all four by default); e.g. `["webhooks"]`
    for a deployment of senders scaled apart from the relays."""
    reload: bool = False
    """Run the worker again when its code or a lib it uses changes (`make run` turns it on)."""

    @model_validator(mode="after")
    def _lease_outlasts_a_send(self) -> Self:
        # A lease that ran out while its POST was still under way would let another worker
        # claim and send the delivery again.
        if self.lease_seconds <= self.webhook_timeout_seconds:
            raise ValueError(
                "WORKER_LEASE_SECONDS must be longer than WORKER_WEBHOOK_TIMEOUT_SECONDS: a "
                "delivery still being sent would be claimed and sent again"
            )
        return self

    @property
    def backoff(self) -> Backoff:
        return Backoff(self.backoff_base_seconds, self.backoff_cap_seconds, self.max_attempts)

    @property
    def retention(self) -> timedelta | None:
        return timedelta(days=self.retention_days) if self.retention_days else None

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


@dataclass(frozen=True)
class WorkerSettings(AppSettings):
    worker: WorkerLoopSettings
    database: DatabaseSettings
    log: LogSettings
    webhook_targets: WebhookTargetSettings
    tracing: TracingSettings
    events: EventStreamSettings
