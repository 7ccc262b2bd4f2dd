"""The notifications app's configuration, composed from the libs' fragments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.connectors.mail.smtp import MailSettings
from shop.core.backoff import Backoff
from shop.core.logging import LogSettings
from shop.core.settings import AppSettings, SettingsFragment
from shop.core.tracing import TracingSettings
from shop.notifications.services.letters import Sender


class NotificationSettings(SettingsFragment):
    """The event stream it reads, the e-mails it writes, and its operator's port."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_")
    development_defaults: ClassVar = {"nats_url": "nats://127.0.0.1:4222"}

    host: str = "127.0.0.1"
    """The address of /livez, /readyz and /metrics (images set 0.0.0.0)."""
    port: int = Field(default=8003, ge=1, le=65535)
    """The port of /livez, /readyz and /metrics (an operator's port, not a public one)."""
    nats_url: str
    """The NATS server(s) with the shop's event stream (nats://host:4222, several
    comma-separated): the one the worker publishes to (its EVENTS_NATS_URL)."""
    consumer: str = Field(default="notifications", pattern=r"^[A-Za-z0-9_-]{1,64}$")
    """The app's durable consumer on the stream: processes with the same name share the work
    and carry on where the last acknowledged event left off."""
    batch_size: int = Field(default=50, ge=1, le=1_000)
    """Events fetched at once."""
    ack_wait_seconds: float = Field(default=60.0, ge=1, le=3_600)
    """An event not acknowledged within this (the process died) is delivered again."""
    max_attempts: int = Field(default=12, ge=1, le=100)
    """Deliveries of one event before the e-mail is given up (logged as a warning)."""
    backoff_base_seconds: float = Field(default=5.0, gt=0, le=3_600)
    """The wait before an unsent e-mail is tried again; it doubles with each attempt."""
    backoff_cap_seconds: float = Field(default=1_800.0, gt=0, le=86_400)
    """The longest wait between two attempts."""
    processed_days: float = Field(default=30.0, gt=0, le=3_650)
    """How long the ids of handled events are kept to pass over a second delivery."""
    mail_from: str = "Shop <orders@shop.example>"
    """The From of every e-mail."""
    shop_name: str = "Shop"
    """The shop's name in subjects and signatures."""
    storefront_url: str = "https://shop.example"
    """Where customers see their orders: e-mails link to <storefront_url>/orders/<id>."""
    locale: str = "en"
    """How amounts and dates are written (en, en_GB, de_DE, fr_CH...)."""
    reload: bool = False
    """Run the app again when its code or a lib it uses changes (`make run` turns it on)."""

    @property
    def backoff(self) -> Backoff:
        return Backoff(self.backoff_base_seconds, self.backoff_cap_seconds, self.max_attempts)

    @property
    def sender(self) -> Sender:
        return Sender(self.mail_from, self.shop_name, self.storefront_url, self.locale)


@dataclass(frozen=True)
class NotificationsAppSettings(AppSettings):
    notifications: NotificationSettings
    mail: MailSettings
    log: LogSettings
    tracing: TracingSettings
