"""The worker's configuration, composed from the libs' fragments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.connectors.db.settings import DatabaseSettings
from shop.connectors.http.targets import WebhookTargetSettings
from shop.core.backoff import Backoff
from shop.core.logging import LogSettings
from shop.core.settings import AppSettings, SettingsFragment


class WorkerLoopSettings(SettingsFragment):
    """The relay and delivery loops, and the small HTTP port that reports on them."""

    model_config = SettingsConfigDict(env_prefix="WORKER_")

    # The address of /livez, /readyz and /metrics.
    host: str = "127.0.0.1"
    port: int = Field(default=8002, ge=1, le=65535)
    # Outbox events relayed per transaction, and how long to wait when none is due.
    batch_size: int = Field(default=200, ge=1, le=5_000)
    poll_interval_seconds: float = Field(default=0.1, gt=0, le=60)
    # Webhook deliveries sent at once, each given `webhook_timeout_seconds`.
    webhook_concurrency: int = Field(default=50, ge=1, le=1_000)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # A claimed delivery that is not reported back within the lease is claimed again.
    lease_seconds: float = Field(default=60.0, ge=1, le=3_600)
    max_attempts: int = Field(default=8, ge=1, le=50)
    backoff_base_seconds: float = Field(default=1.0, gt=0, le=3_600)
    backoff_cap_seconds: float = Field(default=600.0, gt=0, le=86_400)

    @property
    def backoff(self) -> Backoff:
        return Backoff(self.backoff_base_seconds, self.backoff_cap_seconds, self.max_attempts)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


@dataclass(frozen=True)
class WorkerSettings(AppSettings):
    worker: WorkerLoopSettings
    database: DatabaseSettings
    log: LogSettings
    webhook_targets: WebhookTargetSettings
