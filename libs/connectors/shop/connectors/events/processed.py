"""Which events a consuming app has handled, in a JetStream key-value bucket of its own.

JetStream delivers at least once: an event comes again when an ack was lost, when the app died
before acking, or when the worker published it twice beyond the duplicate window. An app whose
work is not idempotent by itself (sending an e-mail) records each event id here after the work
and passes over ids it finds. Entries expire after `keep_seconds`, longer than any redelivery.
"""

from __future__ import annotations

import asyncio

from nats.js.api import KeyValueConfig
from nats.js.errors import BucketNotFoundError, KeyNotFoundError
from nats.js.kv import KeyValue

from shop.connectors.events.consumer import EventConsumer, broker_errors


class ProcessedEvents:
    def __init__(self, consumer: EventConsumer, bucket: str, keep_seconds: float) -> None:
        self._consumer = consumer
        self._config = KeyValueConfig(
            bucket=bucket,
            description="Events this app has handled (passed over when delivered again)",
            history=1,
            ttl=keep_seconds,
        )
        self._bucket: KeyValue | None = None
        self._lock = asyncio.Lock()

    async def seen(self, event_id: str) -> bool:
        bucket = await self._opened()
        with broker_errors():
            try:
                await bucket.get(event_id)
            except KeyNotFoundError:
                return False
        return True

    async def remember(self, event_id: str) -> None:
        bucket = await self._opened()
        with broker_errors():
            await bucket.put(event_id, b"1")

    async def _opened(self) -> KeyValue:
        if self._bucket is not None:
            return self._bucket
        async with self._lock:
            if self._bucket is None:
                stream = await self._consumer.jetstream()
                with broker_errors():
                    try:
                        self._bucket = await stream.key_value(self._config.bucket)
                    except BucketNotFoundError:
                        self._bucket = await stream.create_key_value(self._config)
        return self._bucket
