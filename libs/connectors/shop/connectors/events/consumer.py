"""Reading the shop's events from NATS JetStream (nats-py): a durable pull consumer with
explicit acks, for another team's app.

The consumer lives on the server under the app's name: a restarted (or second) process carries
on where the last acknowledged event left off. An event that is not acknowledged within the ack
wait, or that the app hands back with a delay, comes again, at most `max_deliveries` times. The
stream itself belongs to the worker, which creates it; until it exists this says so.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import nats
import orjson
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from shop.connectors.events.subjects import SUBJECT_ROOT, domain_of, stream_of, subject_of
from shop.core.errors import UnavailableError
from shop.core.health import NotReadyError


@contextmanager
def broker_errors() -> Iterator[None]:
    """NATS failures (disconnected, no answer in time) as UnavailableError: the app's loop
    waits and tries again, and what was not acknowledged is delivered again."""
    try:
        yield
    except (nats.errors.Error, OSError) as error:
        raise UnavailableError(f"NATS is unavailable: {error!r}") from None


class StreamMissingError(UnavailableError):
    """The stream is not there (yet): the worker makes it."""


@dataclass(frozen=True)
class Subscription:
    """What an app reads: its durable consumer's name and the event types it wants (one
    domain's, since a consumer reads one stream)."""

    consumer: str
    event_types: tuple[str, ...]
    ack_wait_seconds: float = 60.0
    max_deliveries: int = 20

    @property
    def domain(self) -> str:
        [domain] = {domain_of(event_type) for event_type in self.event_types}
        return domain

    @property
    def stream(self) -> str:
        return stream_of(self.domain)

    @property
    def subject_filter(self) -> str:
        """One subject, or the domain's: a server before NATS 2.10 (Debian 12 ships 2.9)
        filters a consumer by one subject only; the app passes over the others' events."""
        if len(self.event_types) == 1:
            return subject_of(self.event_types[0])
        return f"{SUBJECT_ROOT}.{self.domain}.>"

    def wants(self, event_type: str) -> bool:
        return event_type in self.event_types


class Delivery:
    """One event as the consumer got it; settle it with exactly one of the three calls."""

    def __init__(self, message: Msg) -> None:
        self._message = message

    @property
    def attempt(self) -> int:
        """1 the first time the event is delivered, 2 the next..."""
        return self._message.metadata.num_delivered

    def body(self) -> Any:
        """The event as the worker published it (the webhook envelope); ValueError if the
        bytes are not JSON."""
        return orjson.loads(self._message.data)

    async def done(self) -> None:
        with broker_errors():
            await self._message.ack()

    async def again_in(self, seconds: float) -> None:
        with broker_errors():
            await self._message.nak(delay=seconds)

    async def never_again(self) -> None:
        """Not to be delivered again, whatever `max_deliveries` allows (a poison event)."""
        with broker_errors():
            await self._message.term()


class EventConsumer:
    """Connects on first use (inside the app's event loop); `fetch` waits up to `wait_seconds`
    for events and returns the ones that came (none: an empty list)."""

    def __init__(self, nats_url: str, subscription: Subscription) -> None:
        self._servers = [url.strip() for url in nats_url.split(",")]
        self._subscription = subscription
        self._client: Client | None = None
        self._pull: JetStreamContext.PullSubscription | None = None
        self._lock = asyncio.Lock()

    @property
    def client(self) -> Client | None:
        return self._client

    async def fetch(self, batch: int, wait_seconds: float) -> list[Delivery]:
        pull = await self._subscribed()
        with broker_errors():
            try:
                messages = await pull.fetch(batch, timeout=wait_seconds)
            except (NatsTimeoutError, TimeoutError):  # nats-py raises either when none came
                return []
        return [Delivery(message) for message in messages]

    async def check(self) -> None:
        """Readiness: connected, and the consumer exists on its stream."""
        await self._subscribed()

    async def jetstream(self) -> JetStreamContext:
        """The connection's JetStream API (connecting first), for the app's own buckets."""
        await self._subscribed()
        assert self._client is not None  # noqa: S101 - set by _subscribed
        return self._client.jetstream()

    async def close(self) -> None:
        """Acks sent so far are flushed first; a fetch still waiting is abandoned (draining a
        pull subscription waits for it, which can hang: nats-py). What was not acked comes
        again to the next process."""
        if self._client is not None:
            client, self._client, self._pull = self._client, None, None
            with contextlib.suppress(nats.errors.Error, OSError):
                await client.flush(timeout=2)
            await client.close()

    async def _subscribed(self) -> JetStreamContext.PullSubscription:
        if self._pull is not None:
            return self._pull
        async with self._lock:
            if self._pull is None:
                if self._client is None:
                    self._client = await _connect(self._servers)
                with broker_errors():
                    self._pull = await _durable(self._client.jetstream(), self._subscription)
        return self._pull


async def _connect(servers: list[str]) -> Client:
    with broker_errors():
        return await nats.connect(servers, connect_timeout=5, max_reconnect_attempts=-1)


async def _durable(
    stream: JetStreamContext, subscription: Subscription
) -> JetStreamContext.PullSubscription:
    config = ConsumerConfig(
        durable_name=subscription.consumer,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        ack_wait=subscription.ack_wait_seconds,
        max_deliver=subscription.max_deliveries,
        filter_subject=subscription.subject_filter,
    )
    try:
        await stream.stream_info(subscription.stream)
    except NotFoundError:
        raise StreamMissingError(
            f"the stream {subscription.stream} does not exist yet: the worker creates it when "
            "it first connects with EVENTS_NATS_URL set"
        ) from None
    # Created, or brought to this configuration (the same call updates an existing consumer).
    await stream.add_consumer(subscription.stream, config)
    return await stream.pull_subscribe_bind(
        durable=subscription.consumer, stream=subscription.stream
    )


class ConsumerProbe:
    """Readiness: the broker answers and the app's consumer is in place."""

    name = "events"

    def __init__(self, consumer: EventConsumer) -> None:
        self._consumer = consumer

    async def check(self) -> None:
        try:
            await self._consumer.check()
        except StreamMissingError as error:
            raise NotReadyError(str(error)) from None
        client = self._consumer.client
        if client is None or not client.is_connected:
            raise NotReadyError("not connected to NATS (reconnecting)")
