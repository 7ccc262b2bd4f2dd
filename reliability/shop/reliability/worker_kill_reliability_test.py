"""The worker killed outright (SIGKILL) in the middle of relaying and delivering webhooks.

Orders are placed through the packaged public API while a packaged worker delivers their
`order.placed` events to a real HTTP receiver; the worker is killed without warning part-way
and another one started. Every event must still reach the receiver; deliveries the dead worker
had sent but not recorded arrive twice, with the same event id, so a receiver can drop them.
"""

import asyncio
import os
import signal
import time
import uuid
from collections import Counter

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.entities import WebhookSubscription
from shop.testing.data import add_customer, add_product
from shop.testing.database import TestDatabase
from shop.testing.load import storm
from shop.testing.receiver import EVENT_ID_HEADER, running_receiver
from shop.testing.served import PUBLIC_API, WORKER, bearer, serve

pytestmark = pytest.mark.reliability

ORDERS = 300
# A delivery claimed by the killed worker is claimed again once its lease runs out (which
# must outlast a send: the local receiver answers at once).
LEASE = {"WORKER_LEASE_SECONDS": "3", "WORKER_WEBHOOK_TIMEOUT_SECONDS": "2"}


async def subscribe(engine: AsyncEngine, url: str) -> None:
    async with UnitOfWork(create_session_factory(engine)) as uow:
        uow.webhooks.add(
            WebhookSubscription.create(url=url, event_types=["order.placed"], secret="s" * 24)
        )
        await uow.commit()


async def placed_event_ids(engine: AsyncEngine, order_ids: list[str]) -> set[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT id::text FROM outbox_events WHERE type = 'order.placed' "
                "AND payload->>'order_id' = ANY(:ids)"
            ),
            {"ids": order_ids},
        )
        return {row[0] for row in rows}


async def test_a_killed_worker_loses_no_event(
    engine: AsyncEngine, test_database: TestDatabase
) -> None:
    product = await add_product(engine, stock=1_000_000)
    customer = await add_customer(engine)
    with running_receiver() as receiver:
        await subscribe(engine, receiver.url)
        with serve(PUBLIC_API, test_database.url) as public:
            async with httpx.AsyncClient(base_url=public.base_url) as client:
                headers = await bearer(client, "/v1/auth/token", customer.email)
            body = {"lines": [{"product_id": str(product.id), "quantity": 1}]}

            async def place(client: httpx.AsyncClient) -> httpx.Response:
                key = {"Idempotency-Key": uuid.uuid4().hex}
                return await client.post("/v1/orders", json=body, headers=headers | key)

            with serve(WORKER, test_database.url, **LEASE) as doomed:
                placing = asyncio.create_task(
                    storm("orders placed around the kill", public.base_url, [place] * ORDERS, 20)
                )
                await asyncio.to_thread(receiver.wait_for, ORDERS // 4, 60)
                delivered_before_kill = len(receiver.accepted())
                os.kill(doomed.pid, signal.SIGKILL)
                killed_at = time.monotonic()
                result = await placing
            with serve(WORKER, test_database.url, **LEASE):
                order_ids = [r.json()["id"] for r in result.with_status(201)]
                expected = await placed_event_ids(engine, order_ids)
                await asyncio.to_thread(receiver.wait_for, len(expected), 90)
                # Whatever else comes (redelivered duplicates) has arrived within a lease.
                await asyncio.sleep(4)
                caught_up = time.monotonic() - killed_at

    arrived = Counter(r.headers[EVENT_ID_HEADER] for r in receiver.accepted())
    bodies_match = all(
        orjson.loads(r.body)["id"] == r.headers[EVENT_ID_HEADER] for r in receiver.accepted()
    )
    duplicates = sum(n - 1 for n in arrived.values())
    print(
        f"worker kill -9: {len(expected)} events, {delivered_before_kill} delivered before the "
        f"kill, {len(set(arrived) & expected)} delivered in the end ({len(expected - set(arrived))}"
        f" lost), {duplicates} duplicate deliveries (same event id), all delivered "
        f"{caught_up:.1f} s after the kill"
    )
    assert result.server_errors == 0
    assert len(expected) == ORDERS
    assert expected <= set(arrived)
    assert set(arrived) <= expected
    assert bodies_match  # a duplicate carries the same id in its body: deduplicable
