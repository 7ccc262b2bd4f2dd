"""A webhook receiver for the worker benchmark: a plain ASGI app under uvicorn, its own process,
so that the receiving end is not what the benchmark measures.

POST (any path): accepted with 204 and remembered (event id, arrival time, the order's
placed_at). GET /received: how many arrived, and the placed-to-arrived lag of each, in ms.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import orjson

from shop.core.asgi.types import Receive, Scope, Send

_arrivals: dict[str, float] = {}  # event id -> lag in ms (a redelivery keeps the first)


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _reply(send: Send, status: int, body: bytes = b"") -> None:
    headers = [(b"content-length", b"%d" % len(body)), (b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    if scope["method"] == "GET":
        lags = list(_arrivals.values())
        await _reply(send, 200, orjson.dumps({"count": len(lags), "lags_ms": lags}))
        return
    arrived = time.time()
    event: dict[str, Any] = orjson.loads(await _body(receive))
    placed_at = event["data"].get("placed_at")
    lag = (arrived - datetime.fromisoformat(placed_at).timestamp()) * 1000 if placed_at else 0.0
    _arrivals.setdefault(event["id"], lag)
    await _reply(send, 204)
