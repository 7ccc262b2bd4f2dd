"""Order status changes pushed by PostgreSQL (LISTEN/NOTIFY) to in-process subscribers.

A trigger on `orders` (see the migrations) sends `order_status` notifications whoever changes
an order, either API or a script. Each process holds ONE dedicated connection that listens,
outside the pool, and fans notifications out to per-subscriber queues: an idle subscriber costs
a queue, not a database connection.

A notification is a hint, not the news: NOTIFY is not delivered to a connection that was not
listening when it was sent, so changes made while the listener was down (a database restart)
are never notified. Subscribers therefore get wake-ups, and read the current state themselves
on each one; every time the listener (re)subscribes it wakes every subscriber, which then
catches up on whatever it missed.
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
# Quick at first (a restart is usually short), then no faster than once a few seconds.
RECONNECT_DELAYS_SECONDS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
_log = get_logger(__name__)


class OrderStatusFeed:
    def __init__(self, dsn: str) -> None:
        self._dsn = plain_dsn(dsn)
        self._subscribers: dict[uuid.UUID, set[asyncio.Queue[None]]] = defaultdict(set)
        self._listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def subscribe(self, order_id: uuid.UUID) -> AsyncIterator[asyncio.Queue[None]]:
        """A queue that is woken whenever the order may have changed, while the block runs."""
        queue: asyncio.Queue[None] = asyncio.Queue()
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
        failures = 0
        while True:
            try:
                connection = await asyncpg.connect(
                    self._dsn, timeout=5, server_settings={"application_name": "shop-order-feed"}
                )
            except (OSError, TimeoutError, asyncpg.PostgresError) as error:
                _log.warning("order status feed cannot connect", error=str(error))
                await asyncio.sleep(RECONNECT_DELAYS_SECONDS[min(failures, 5)])
                failures += 1
                continue
            failures = 0
            try:
                await self._listen_until_lost(connection)
                _log.warning("order status feed lost its connection; reconnecting")
            except (OSError, asyncpg.PostgresError) as error:
                _log.warning("order status feed could not listen", error=str(error))
            finally:
                self._listening.clear()
                if not connection.is_closed():
                    connection.terminate()

    async def _listen_until_lost(self, connection: asyncpg.Connection) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        await connection.add_listener(CHANNEL, self._dispatch)
        self._listening.set()
        self._wake_everyone()  # whatever changed while nobody listened is read now
        await lost.wait()

    def _wake_everyone(self) -> None:
        for queues in self._subscribers.values():
            for queue in queues:
                queue.put_nowait(None)

    def _dispatch(self, _connection: Any, _pid: int, _channel: str, payload: object, /) -> None:
        try:
            order_id = uuid.UUID(json.loads(str(payload))["order_id"])
        except (ValueError, KeyError, TypeError):
            _log.warning("unreadable order status notification", payload=payload)
            return
        for queue in self._subscribers.get(order_id, ()):
            queue.put_nowait(None)
