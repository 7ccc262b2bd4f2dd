"""The reference endpoint: a plain ASGI callable on an asyncpg pool, no framework, no ORM.

It answers GET /products/{id} with the same primary-key query the API runs, so the benchmark
can say how much of the bare speed the real app keeps.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import asyncpg
import orjson

from shop.core.asgi.types import Receive, Scope, Send

_pool: asyncpg.Pool | None = None
QUERY = (
    "SELECT id, sku, name, description, price_minor, currency, stock, active, version "
    "FROM products WHERE id = $1 AND active"
)


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    global _pool  # noqa: PLW0603 - one pool per process, made at start-up
    if scope["type"] == "lifespan":
        message = await receive()
        if message["type"] == "lifespan.startup":
            _pool = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=4, max_size=10)
            await send({"type": "lifespan.startup.complete"})
        message = await receive()
        if _pool is not None:
            await _pool.close()
        await send({"type": "lifespan.shutdown.complete"})
        return
    assert _pool is not None  # noqa: S101 - set at start-up
    try:
        product_id = uuid.UUID(scope["path"].rsplit("/", 1)[-1])
    except ValueError:
        await _respond(send, 404, b"{}")
        return
    row = await _pool.fetchrow(QUERY, product_id)
    if row is None:
        await _respond(send, 404, b"{}")
        return
    body: dict[str, Any] = dict(row)
    body["id"] = str(body["id"])
    body["in_stock"] = body["stock"] > 0
    await _respond(send, 200, orjson.dumps(body))
