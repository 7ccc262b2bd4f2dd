"""Watching one order's status until it is final: the use case behind the SSE stream.

The stream reads the order's status from the database whenever the feed wakes it (a change
was notified, or the feed has just (re)subscribed and may have missed some), and sends it on
when its version is newer than the last one sent. The version numbers the changes, so a client
that reconnects with the last version it saw gets only what it missed.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from shop.core.backoff import Backoff
from shop.core.errors import UnavailableError
from shop.entities import OrderStatus
from shop.public_api.services.ports import UnitOfWorkFactory

FINAL_STATUSES = frozenset({OrderStatus.FULFILLED, OrderStatus.CANCELLED})
# Re-reading after a wake-up while the database is still coming back: quick, then patient
# (and jittered: every open stream is woken at once after a restart).
REREAD = Backoff(base_seconds=0.05, cap_seconds=2.0, max_attempts=10)


class StatusFeedPort(Protocol):
    def subscribe(
        self, order_id: uuid.UUID
    ) -> AbstractAsyncContextManager[asyncio.Queue[None]]: ...


@dataclass(frozen=True)
class StatusUpdate:
    status: str
    version: int  # grows with every change of the order: what a client resumes from

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


class WatchOrder:
    def __init__(self, uow: UnitOfWorkFactory, feed: StatusFeedPort) -> None:
        self._uow = uow
        self._feed = feed

    async def open(
        self, customer_id: uuid.UUID, order_id: uuid.UUID, seen_version: int | None = None
    ) -> AsyncIterator[StatusUpdate]:
        """Check access first (someone else's order is not found), then hand out the stream.

        `seen_version`: the last version the client saw (SSE `Last-Event-ID`); the stream then
        starts with the first newer one.
        """
        await self._read(customer_id, order_id)
        return self._updates(customer_id, order_id, seen_version or 0)

    async def _updates(
        self, customer_id: uuid.UUID, order_id: uuid.UUID, sent_version: int
    ) -> AsyncIterator[StatusUpdate]:
        async with self._feed.subscribe(order_id) as wake_ups:
            # Read after subscribing: a change made in between is then either read or notified.
            current = await self._read(customer_id, order_id)
            while True:
                if current.version > sent_version:
                    yield current
                    sent_version = current.version
                if current.final:
                    return
                await wake_ups.get()
                current = await self._read_when_available(customer_id, order_id)

    async def _read_when_available(
        self, customer_id: uuid.UUID, order_id: uuid.UUID
    ) -> StatusUpdate:
        attempt = 0
        while True:
            try:
                return await self._read(customer_id, order_id)
            except UnavailableError:
                attempt = min(attempt + 1, REREAD.max_attempts - 1)
                delay = REREAD.delay_after(attempt)
                await asyncio.sleep(delay.total_seconds() if delay else REREAD.cap_seconds)

    async def _read(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> StatusUpdate:
        async with self._uow() as uow:
            order = await uow.orders.get(order_id, customer_id=customer_id)
        return StatusUpdate(str(order.status), order.version)
