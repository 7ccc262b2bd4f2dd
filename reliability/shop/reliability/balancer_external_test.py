"""Two replicas of each API behind HAProxy, as packaged apps on one database and one Redis:
what a client sees does not depend on which replica answers, and losing one mid-load loses no
acknowledged request."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from collections import Counter
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from shop.testing import redis_server
from shop.testing.data import PASSWORD, subscribed_shop
from shop.testing.database import TestDatabase
from shop.testing.haproxy import running_haproxy
from shop.testing.served import ADMIN_API, PUBLIC_API, new_accounts, serve, signed_in
from shop.testing.sse import Followed, follow

pytestmark = pytest.mark.external
ORDERS = 240
AT_ONCE = 16


async def _bearer(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    token = await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_replicas_answer_alike_behind_the_balancer(process_database: TestDatabase) -> None:
    url = process_database.url
    accounts = new_accounts(url)
    [product] = asyncio.run(subscribed_shop(url, "https://receiver.example/hooks", (1000,)))
    env = {
        "RATE_LIMIT_ENABLED": "true",
        "RATE_LIMIT_STORAGE_URL": redis_server.start(),
        "RATE_LIMIT_SIGN_IN_PER_ACCOUNT": "5/minute",
        "RATE_LIMIT_SIGN_IN_PER_ADDRESS": "1000/minute",
    }
    with (
        serve(PUBLIC_API, url, **env) as first,
        serve(PUBLIC_API, url, **env) as second,
        serve(ADMIN_API, url, **env) as admin_first,
        serve(ADMIN_API, url, **env) as admin_second,
        running_haproxy([first.base_url, second.base_url]) as public,
        running_haproxy([admin_first.base_url, admin_second.base_url]) as admin,
    ):

        async def across() -> tuple[set[str], list[str], list[int]]:
            async with (
                httpx.AsyncClient(base_url=first.base_url, timeout=30) as a,
                httpx.AsyncClient(base_url=second.base_url, timeout=30) as b,
                httpx.AsyncClient(base_url=public, timeout=30) as balanced,
            ):
                auth = await _bearer(balanced, accounts.customer)
                key = {"Idempotency-Key": uuid.uuid4().hex}
                body = {"lines": [{"product_id": str(product.id), "quantity": 1}]}
                # The same key at both replicas at once: one order, the same reply.
                both = await asyncio.gather(
                    a.post("/v1/orders", json=body, headers=auth | key),
                    b.post("/v1/orders", json=body, headers=auth | key),
                )
                orders = {r.json()["id"] for r in both if r.status_code == 201}
                # A stream on one replica sees a change made through the other.
                order_id = next(iter(orders))
                stream = asyncio.create_task(
                    follow(a, f"/v1/orders/{order_id}/events", auth, Followed())
                )
                await asyncio.sleep(0.5)
                await b.post(f"/v1/orders/{order_id}/cancel", headers=auth)
                seen = (await asyncio.wait_for(stream, 15)).data_values("status")
                # Wrong passwords through the balancer (both replicas) spend one budget.
                wrong = {"username": accounts.customer, "password": "wrong password 1"}
                tries = [
                    (await balanced.post("/v1/auth/token", data=wrong)).status_code
                    for _ in range(8)
                ]
            return orders, seen, tries

        orders, seen, tries = asyncio.run(across())
        owner = signed_in(ADMIN_API, admin, accounts.owner)
        staff_views = [
            httpx.get(f"{admin}/admin/v1/orders?limit=5", headers=owner).status_code
            for _ in range(4)
        ]

    assert len(orders) == 1
    assert seen[-1] == "cancelled"
    # 5 a minute per account, the sign-in above included: one budget, whichever replica answered.
    assert tries == [401] * 4 + [429] * 4
    assert staff_views == [200] * 4  # a token one admin replica issued, the other accepts


@dataclass
class Outcome:
    statuses: Counter[int]  # first answers (0: the connection failed)
    acknowledged: dict[str, str]  # Idempotency-Key -> order id
    retried: int = 0  # by the client, with the same key, as the README tells clients to


async def _order_load(balanced: str, email: str, product_id: str, kill: int) -> Outcome:
    outcome = Outcome(Counter(), {})
    body = {"lines": [{"product_id": product_id, "quantity": 1}]}
    async with httpx.AsyncClient(base_url=balanced, timeout=30) as client:
        auth = await _bearer(client, email)
        sent = 0

        async def one() -> None:
            nonlocal sent
            sent += 1
            if sent == ORDERS // 3:
                os.kill(kill, signal.SIGKILL)  # a replica dies with requests in flight
            headers = auth | {"Idempotency-Key": uuid.uuid4().hex}
            for attempt in range(3):
                try:
                    reply = await client.post("/v1/orders", json=body, headers=headers)
                    status = reply.status_code
                except httpx.TransportError:
                    status = 0
                if attempt == 0:
                    outcome.statuses[status] += 1
                if status == 201:
                    outcome.acknowledged[headers["Idempotency-Key"]] = reply.json()["id"]
                    return
                outcome.retried += 1

        for start in range(0, ORDERS, AT_ONCE):
            await asyncio.gather(*(one() for _ in range(min(AT_ONCE, ORDERS - start))))
    return outcome


async def _stored(dsn: str, order_ids: list[str]) -> set[str]:
    connection = await asyncpg.connect(dsn.replace("+asyncpg", ""))
    try:
        rows = await connection.fetch(
            "SELECT id::text FROM orders WHERE id = ANY($1::uuid[])", order_ids
        )
    finally:
        await connection.close()
    return {row["id"] for row in rows}


def test_losing_a_replica_mid_load_loses_no_acknowledged_order(
    process_database: TestDatabase,
) -> None:
    url = process_database.url
    accounts = new_accounts(url)
    [product] = asyncio.run(subscribed_shop(url, "https://receiver.example/hooks", (10_000,)))
    with (
        serve(PUBLIC_API, url) as first,
        serve(PUBLIC_API, url) as second,
        running_haproxy([first.base_url, second.base_url]) as balanced,
    ):
        started = time.monotonic()
        outcome = asyncio.run(_order_load(balanced, accounts.customer, str(product.id), first.pid))
        seconds = time.monotonic() - started

    stored = asyncio.run(_stored(url, list(outcome.acknowledged.values())))
    lost = len(outcome.acknowledged) - len(stored)
    print(
        f"\nreplica killed mid-load: {ORDERS} order requests in {seconds:.1f} s, statuses "
        f"{dict(outcome.statuses)} at first, {outcome.retried} retried by the client with the "
        f"same key, {len(outcome.acknowledged)} acknowledged, {lost} lost"
    )
    assert lost == 0
    assert len(outcome.acknowledged) == ORDERS  # every request placed its order in the end...
    assert len(set(outcome.acknowledged.values())) == ORDERS  # ...once
    assert outcome.statuses[201] >= ORDERS * 0.95  # mostly at once: the balancer retried
