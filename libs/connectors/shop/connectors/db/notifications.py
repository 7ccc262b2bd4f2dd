"""Order status changes pushed by PostgreSQL (LISTEN/NOTIFY) to in-process subscribers.

A trigger on `orders` (see the migrations) sends `order_status` notifications whoever changes
an order, either API or a script. Each process holds ONE dedicated connection that listens,
outside the pool, and fans notifications out to per-subscriber queues: an idle subscriber costs
a queue, not a database connection. The listener reconnects if the connection is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from shop.connectors.db.settings import plain_dsn
from shop.core.logging import get_logger

CHANNEL = "order_status"
RECONNECT_DELAY_SECONDS = 1.0
_log = get_logger(__name__)


class OrderStatusFeed:
    def __init__(self, dsn: str) -> None:
        self._dsn = plain_dsn(dsn)
        self._subscribers: dict[uuid.UUID, set[asyncio.Queue[str]]] = defaultdict(set)
        self._listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def subscribe(self, order_id: uuid.UUID) -> AsyncIterator[asyncio.Queue[str]]:
        """A queue that receives the order's new statuses while the block runs."""
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._subscribers[order_id].add(queue)
        try:
            await self._ensure_listening()
            yield queue
        finally:
            self._subscribers[order_id].discard(queue)
            if not self._subscribers[order_id]:
                del self._subscribers[order_id]

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _ensure_listening(self) -> None:
        if self._task is None or self._task.done():
            self._listening.clear()
            self._task = asyncio.create_task(self._listen_forever(), name="order-status-feed")
        # Subscribing after LISTEN is active means no change made after this point is missed.
        await asyncio.wait_for(self._listening.wait(), timeout=10)

    async def _listen_forever(self) -> None:
        while True:
            try:
                connection = await asyncpg.connect(
                    self._dsn, timeout=5, server_settings={"application_name": "shop-order-feed"}
                )
            except (OSError, asyncpg.PostgresError) as error:
                _log.warning("order status feed cannot connect", error=str(error))
                await asyncio.sleep(RECONNECT_DELAY_SECONDS)
                continue
            try:
                await self._listen_until_lost(connection)
                _log.warning("order status feed lost its connection; reconnecting")
            finally:
                self._listening.clear()
                if not connection.is_closed():
                    await connection.close()

    async def _listen_until_lost(self, connection: asyncpg.Connection) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        await connection.add_listener(CHANNEL, self._dispatch)
        self._listening.set()
        await lost.wait()

    def _dispatch(self, _connection: Any, _pid: int, _channel: str, payload: object, /) -> None:
        try:
            change = json.loads(str(payload))
            order_id = uuid.UUID(change["order_id"])
        except (ValueError, KeyError, TypeError):
            _log.warning("unreadable order status notification", payload=payload)
            return
        for queue in self._subscribers.get(order_id, ()):
            queue.put_nowait(str(change["status"]))
