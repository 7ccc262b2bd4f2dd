"""The public API and the worker, packaged, with every query through PgBouncer in transaction
mode (DB_POOLER=true; LISTEN straight to PostgreSQL): the core flows hold as they do direct.
Sign-up and sign-in, the catalogue, an order and its idempotent retry, a sell-out under
concurrency (no oversell), a status stream that sees the cancellation, and the worker relaying
the order to a webhook receiver."""

import asyncio
import uuid
from dataclasses import dataclass

import httpx
import pytest

from shop.testing.data import PASSWORD, subscribed_shop
from shop.testing.database import TestDatabase
from shop.testing.pgbouncer import running_pgbouncer
from shop.testing.processes import ServedApp, packaged_command, running_app
from shop.testing.receiver import running_receiver
from shop.testing.sse import Followed, follow

pytestmark = pytest.mark.external
STOCK = 10
BUYERS = 30


@dataclass(frozen=True)
class Flows:
    statuses: list[int]  # sign-up, sign-in, list, read, place, cancel
    retry_same: bool
    stream: list[str]
    sell_out: list[int]
    stock_left: int


async def _core_flows(api: ServedApp, product_id: str, scarce_id: str) -> Flows:
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
        email = f"p-{uuid.uuid4().hex[:8]}@example.com"
        signed_up = await client.post(
            "/v1/customers", json={"email": email, "name": "Pooled", "password": PASSWORD}
        )
        token = await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        listed = await client.get("/v1/products?limit=5")
        read = await client.get(f"/v1/products/{product_id}")
        key = {"Idempotency-Key": uuid.uuid4().hex}
        body = {"lines": [{"product_id": product_id, "quantity": 1}]}
        placed = await client.post("/v1/orders", json=body, headers=auth | key)
        again = await client.post("/v1/orders", json=body, headers=auth | key)
        order_id = placed.json()["id"]
        stream = asyncio.create_task(
            follow(client, f"/v1/orders/{order_id}/events", auth, Followed())
        )
        await asyncio.sleep(0.5)  # the stream is listening
        cancelled = await client.post(f"/v1/orders/{order_id}/cancel", headers=auth)
        followed = await asyncio.wait_for(stream, 15)
        scarce = {"lines": [{"product_id": scarce_id, "quantity": 1}]}
        sell_out = await asyncio.gather(
            *(
                client.post(
                    "/v1/orders", json=scarce, headers=auth | {"Idempotency-Key": uuid.uuid4().hex}
                )
                for _ in range(BUYERS)
            )
        )
        scarce_after = await client.get(f"/v1/products/{scarce_id}")
    return Flows(
        [r.status_code for r in (signed_up, token, listed, read, placed, cancelled)],
        again.status_code == 201 and again.json() == placed.json(),
        followed.data_values("status"),
        sorted(r.status_code for r in sell_out),
        scarce_after.json()["stock"],
    )


def test_the_core_flows_hold_through_pgbouncer_in_transaction_mode(
    test_database: TestDatabase,
) -> None:
    with running_receiver() as receiver, running_pgbouncer(test_database.url, pool_size=4) as url:
        product, scarce = asyncio.run(
            subscribed_shop(test_database.url, receiver.url, stocks=(100, STOCK))
        )
        env = {
            "DB_URL": url,
            "DB_POOLER": "true",
            "DB_LISTEN_URL": test_database.url,
            "AUTH_SECRET_KEY": "pooler-external-" + "k" * 24,
        }
        with (
            running_app(packaged_command("apps.public_api/bin.pex", "shop.public_api"),
                        "PUBLIC_API_PORT", env) as api,
            running_app(packaged_command("apps.worker/bin.pex", "shop.worker"),
                        "WORKER_PORT", env) as worker,
        ):  # fmt: skip
            flows = asyncio.run(_core_flows(api, str(product.id), str(scarce.id)))
            delivered = receiver.wait_for(1)

    assert flows.statuses == [201, 200, 200, 200, 201, 200]
    assert flows.retry_same
    assert flows.stream[-1] == "cancelled"
    assert flows.sell_out == [201] * STOCK + [409] * (BUYERS - STOCK)
    assert flows.stock_left == 0
    assert delivered[0].headers["webhook-id"]  # the worker relayed through it
    assert api.error_lines() == []
    assert worker.error_lines() == []
