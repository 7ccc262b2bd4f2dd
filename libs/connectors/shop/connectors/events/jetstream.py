"""Publishing outbox events to NATS JetStream (nats-py), off unless EVENTS_NATS_URL is set.

The outbox stays the source of truth: the worker publishes an event in the same relay step that
hands it to the listeners and webhooks, and marks it delivered only after JetStream acknowledged
it. A relay that dies after publishing and before its commit publishes the event again; its
message id (the event's id) makes JetStream drop the second copy within the duplicate window.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import nats
import orjson
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import StreamConfig
from nats.js.errors import BadRequestError
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.connectors.events.subjects import (
    MESSAGE_ID_HEADER,
    SUBJECT_ROOT,
    domains,
    stream_of,
    subject_of,
)
from shop.core.settings import SettingsFragment
from shop.entities import EventType
from shop.entities.event_schemas import event_envelope


class EventStreamSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="EVENTS_")

    nats_url: str | None = None
    """NATS server(s) to publish every event to (nats://host:4222, several comma-separated);
    unset: events go to the listeners and webhooks only."""
    duplicate_window_seconds: float = Field(default=120.0, gt=0, le=86_400)
    """How long JetStream remembers an event id to drop a second copy (a relay that died after
    publishing publishes again when it restarts): longer than a restart takes."""


class JetStreamPublisher:
    """Connects on first use (inside the worker's event loop) and makes sure each domain's
    stream exists with the subjects and duplicate window this code expects."""

    def __init__(self, settings: EventStreamSettings) -> None:
        if settings.nats_url is None:
            raise ValueError("no EVENTS_NATS_URL")
        self._servers = [url.strip() for url in settings.nats_url.split(",")]
        self._window = settings.duplicate_window_seconds
        self._client: Client | None = None
        self._stream: JetStreamContext | None = None
        self._lock = asyncio.Lock()

    async def publish(
        self,
        event_id: uuid.UUID,
        event_type: str,
        payload: dict[str, Any],
        trace_context: dict[str, str] | None = None,
    ) -> bool:
        """Publish one event and wait for JetStream's acknowledgement; False when JetStream
        already had it (a copy within the duplicate window)."""
        stream = await self._connected()
        body = orjson.dumps(event_envelope(event_id, event_type, payload))
        headers = {MESSAGE_ID_HEADER: str(event_id), **(trace_context or {})}
        ack = await stream.publish(subject_of(event_type), body, headers=headers)
        return not ack.duplicate

    async def close(self) -> None:
        if self._client is not None:
            await self._client.drain()
            self._client = self._stream = None

    async def _connected(self) -> JetStreamContext:
        if self._stream is not None:
            return self._stream
        async with self._lock:
            if self._stream is None:
                client = await nats.connect(
                    self._servers, connect_timeout=5, max_reconnect_attempts=-1
                )
                stream = client.jetstream()
                for domain in domains(EventType):
                    await _ensure_stream(stream, domain, self._window)
                self._client, self._stream = client, stream
        return self._stream


async def _ensure_stream(stream: JetStreamContext, domain: str, window: float) -> None:
    config = StreamConfig(
        name=stream_of(domain),
        subjects=[f"{SUBJECT_ROOT}.{domain}.>"],
        duplicate_window=window,
        description=f"The shop's {domain} events (outbox relay)",
    )
    try:
        await stream.add_stream(config)
    except BadRequestError:  # it exists, perhaps with other settings: make them these
        await stream.update_stream(config)
