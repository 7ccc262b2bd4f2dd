"""The public API's configuration, composed from the libs' fragments."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.connectors.db.settings import DatabaseSettings
from shop.core.logging import LogSettings
from shop.core.security.passwords import PasswordSettings
from shop.core.security.rate_limits import RateLimitSettings
from shop.core.security.tokens import TokenSettings
from shop.core.serving import ServerSettings
from shop.core.settings import AppSettings
from shop.core.tracing import TracingSettings


class PublicApiServerSettings(ServerSettings):
    model_config = SettingsConfigDict(env_prefix="PUBLIC_API_")

    port: int = Field(default=8000, ge=1, le=65535)
    """The port clients call."""
    metrics_port: int = Field(default=9100, ge=0, le=65535)
    """The port /metrics is served on, never the clients' one; 0 serves no metrics."""


@dataclass(frozen=True)
class PublicApiSettings(AppSettings):
    server: PublicApiServerSettings
    database: DatabaseSettings
    log: LogSettings
    tokens: TokenSettings
    passwords: PasswordSettings
    rate_limits: RateLimitSettings
    tracing: TracingSettings
