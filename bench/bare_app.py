"""The reference endpoints: a plain ASGI callable on an asyncpg pool, no framework, no ORM.

GET /products/{id} runs the same primary-key query as the APIs, GET /orders the same page of
50 orders with their lines as the admin API, POST /orders places an order with the public
API's guarantees (bench/bare_orders.py), so the benchmarks can say how much of the bare speed
the real apps keep.
"""

from __future__ import annotations

import base64
import os
import uuid

import asyncpg
import bare_orders
import orjson

from shop.core.asgi.types import Receive, Scope, Send

_pool: asyncpg.Pool | None = None
PAGE = 50
ORDER_PAGE = """
    SELECT o.id, o.customer_id, o.status, o.total_minor, o.currency, o.created_at,
      (SELECT coalesce(json_agg(json_build_object(
                'product_id', l.product_id,
                'quantity', l.quantity,
                'unit_price_minor', l.unit_price_minor) ORDER BY l.id), '[]')
       FROM order_lines l WHERE l.order_id = o.id) AS lines
    FROM orders o
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT 51
"""
# The fastest read available, the one the app makes too: the product's JSON as PostgreSQL
# keeps it beside the row (`products.client_json`), handed on as it is.
QUERY = "SELECT client_json FROM products WHERE id = $1 AND active"


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
    if scope["path"] == "/orders" and scope["method"] == "POST":
        await _place_order(_pool, scope, receive, send)
        return
    if scope["path"] == "/orders":
        await _respond(send, 200, await _order_page(_pool))
        return
    try:
        product_id = uuid.UUID(scope["path"].rsplit("/", 1)[-1])
    except ValueError:
        await _respond(send, 404, b"{}")
        return
    found = await _pool.fetchval(QUERY, product_id)
    if found is None:
        await _respond(send, 404, b"{}")
        return
    await _respond(send, 200, found.encode())


async def _place_order(pool: asyncpg.Pool, scope: Scope, receive: Receive, send: Send) -> None:
    headers = dict(scope["headers"])
    customer = bare_orders.customer_of(headers.get(b"authorization"))
    key = headers.get(b"idempotency-key")
    if customer is None or not key:
        await _respond(send, 401 if customer is None else 400, b"{}")
        return
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    status, reply = await bare_orders.place(pool, customer, key.decode(), body)
    await _respond(send, status, reply)


async def _order_page(pool: asyncpg.Pool) -> bytes:
    rows = await pool.fetch(ORDER_PAGE)
    items = [
        {
            "id": str(row["id"]),
            "customer_id": str(row["customer_id"]),
            "status": row["status"],
            "total_minor": row["total_minor"],
            "currency": row["currency"],
            "placed_at": row["created_at"],
            "lines": orjson.Fragment(row["lines"]),  # already JSON, from the database
        }
        for row in rows[:PAGE]
    ]
    last = rows[PAGE - 1] if len(rows) > PAGE else None
    cursor = (
        base64.urlsafe_b64encode(
            orjson.dumps({"created_at": last["created_at"], "id": str(last["id"])})
        )
        if last
        else None
    )
    return orjson.dumps({"items": items, "next_cursor": cursor and cursor.decode()})
