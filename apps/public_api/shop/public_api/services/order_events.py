"""Watching one order's status until it is final: the use case behind the SSE stream."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from shop.entities import OrderStatus
from shop.public_api.services.ports import UnitOfWorkFactory

FINAL_STATUSES = frozenset({OrderStatus.FULFILLED, OrderStatus.CANCELLED})


class StatusFeedPort(Protocol):
    def subscribe(self, order_id: uuid.UUID) -> AbstractAsyncContextManager[asyncio.Queue[str]]: ...


class WatchOrder:
    def __init__(self, uow: UnitOfWorkFactory, feed: StatusFeedPort) -> None:
        self._uow = uow
        self._feed = feed

    async def open(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> AsyncIterator[str]:
        """Check access first (someone else's order is not found), then hand out the stream."""
        await self._status(customer_id, order_id)
        return self._statuses(customer_id, order_id)

    async def _statuses(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> AsyncIterator[str]:
        async with self._feed.subscribe(order_id) as changes:
            # Read after subscribing: a change made in between is then either read or received.
            status = await self._status(customer_id, order_id)
            yield status
            while status not in FINAL_STATUSES:
                status = await changes.get()
                yield status

    async def _status(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> str:
        async with self._uow() as uow:
            return str((await uow.orders.get(order_id, customer_id=customer_id)).status)
