"""The SSE stream against the app as a real server process: LISTEN/NOTIFY end to end."""

import asyncio
import json
import os
import signal
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.entities import Product
from shop.testing.data import add_product
from shop.testing.database import TestDatabase
from shop.testing.processes import python_command, running_app

pytestmark = pytest.mark.external

PASSWORD = "tea for 2 please"


async def a_customer_with_an_order(
    client: httpx.AsyncClient, product: Product
) -> tuple[dict[str, str], dict[str, Any]]:
    """A new customer's Authorization header and the order they placed for one `product`."""
    email = f"sse-{uuid.uuid4().hex[:8]}@example.com"
    await client.post("/v1/customers", json={"email": email, "name": "S", "password": PASSWORD})
    token = (
        await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    ).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    order = (
        await client.post(
            "/v1/orders",
            json={"lines": [{"product_id": str(product.id), "quantity": 1}]},
            headers=auth | {"Idempotency-Key": uuid.uuid4().hex},
        )
    ).json()
    return auth, order


async def statuses(response: httpx.Response) -> list[str]:
    seen = []
    async for line in response.aiter_lines():
        if line.startswith("data:"):
            seen.append(json.loads(line.removeprefix("data:").strip())["status"])
    return seen


async def test_the_order_stream_follows_the_status_until_it_is_final(
    test_database: TestDatabase, engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=3)
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "external-test-secret-" + "x" * 16}
    with running_app(python_command("shop.public_api"), "PUBLIC_API_PORT", env) as served:
        base_url = served.base_url
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            auth, order = await a_customer_with_an_order(client, product)

            async with client.stream("GET", f"/v1/orders/{order['id']}/events", headers=auth) as r:
                assert r.headers["content-type"].startswith("text/event-stream")
                reading = asyncio.create_task(statuses(r))
                await asyncio.sleep(0.5)  # the stream is open and subscribed
                cancel = await client.post(f"/v1/orders/{order['id']}/cancel", headers=auth)
                seen = await asyncio.wait_for(reading, timeout=10)

            stranger = await client.get(f"/v1/orders/{order['id']}/events")

    assert cancel.status_code == 200
    assert seen == ["placed", "cancelled"]
    assert stranger.status_code == 401


async def test_streams_end_cleanly_when_the_server_stops(
    test_database: TestDatabase, engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=3)
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "external-test-secret-" + "x" * 16}
    with running_app(python_command("shop.public_api"), "PUBLIC_API_PORT", env) as served:
        async with httpx.AsyncClient(base_url=served.base_url, timeout=10) as client:
            auth, order = await a_customer_with_an_order(client, product)
            stream_client = httpx.AsyncClient(base_url=served.base_url, timeout=20)
            request = stream_client.build_request(
                "GET", f"/v1/orders/{order['id']}/events", headers=auth
            )
            response = await stream_client.send(request, stream=True)
            reading = asyncio.create_task(statuses(response))
            await asyncio.sleep(0.5)
            os.kill(served.pid, signal.SIGTERM)  # as an orchestrator stops a replica
            seen = await asyncio.wait_for(reading, timeout=15)  # the stream ends, not hangs
            await stream_client.aclose()

    assert seen == ["placed"]
    assert "Finished server process" in served.log()  # a graceful stop, not a forced one
    assert served.error_lines() == []  # no "ASGI callable returned without completing response"
