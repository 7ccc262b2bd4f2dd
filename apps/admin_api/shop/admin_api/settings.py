"""The admin API's configuration, composed from the libs' fragments."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.connectors.db.settings import DatabaseSettings
from shop.connectors.http.targets import WebhookTargetSettings
from shop.core.logging import LogSettings
from shop.core.security.passwords import PasswordSettings
from shop.core.security.rate_limits import RateLimitSettings
from shop.core.security.tokens import TokenSettings
from shop.core.serving import ServerSettings
from shop.core.settings import AppSettings
from shop.core.tracing import TracingSettings


class AdminApiServerSettings(ServerSettings):
    model_config = SettingsConfigDict(env_prefix="ADMIN_API_")

    port: int = Field(default=8001, ge=1, le=65535)
    """The port clients call."""
    metrics_port: int = Field(default=9101, ge=0, le=65535)
    """The port /metrics is served on, never the clients' one; 0 serves no metrics."""
    staff_access_cache_seconds: float = Field(default=2.0, ge=0, le=60)
    """How long a staff user's role and state are remembered: a demotion or deactivation takes
    effect within this time. 0: looked up on every request."""


@dataclass(frozen=True)
class AdminApiSettings(AppSettings):
    server: AdminApiServerSettings
    database: DatabaseSettings
    log: LogSettings
    tokens: TokenSettings
    passwords: PasswordSettings
    rate_limits: RateLimitSettings
    webhook_targets: WebhookTargetSettings
    tracing: TracingSettings
