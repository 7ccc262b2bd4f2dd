"""A webhook receiver for the worker benchmark: a plain ASGI app under uvicorn, its own process,
so that the receiving end is not what the benchmark measures.

POST <path>: accepted with 204 and remembered per path (event id, placed-to-arrived lag); a
path under /slow answers after `SLOW_SECONDS`, as a receiver in trouble would.
GET /received?path=<path>[&lags=1]: how many arrived there (and each one's lag, in ms).
DELETE /received: forget everything (between two runs).
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import orjson

from shop.core.asgi.types import Receive, Scope, Send

SLOW_SECONDS = 5.0
# path -> event id -> lag in ms (a redelivery keeps the first)
_arrivals: defaultdict[str, dict[str, float]] = defaultdict(dict)


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
    if scope["method"] == "DELETE":
        _arrivals.clear()
        await _reply(send, 204)
        return
    if scope["method"] == "GET":
        query = {key: values[0] for key, values in parse_qs(scope["query_string"].decode()).items()}
        arrived = _arrivals.get(query.get("path", "/hooks"), {})
        answer: dict[str, Any] = {"count": len(arrived)}
        if query.get("lags"):
            answer["lags_ms"] = list(arrived.values())
        await _reply(send, 200, orjson.dumps(answer))
        return
    arrived_at = time.time()
    event: dict[str, Any] = orjson.loads(await _body(receive))
    if scope["path"].startswith("/slow"):
        await asyncio.sleep(SLOW_SECONDS)
    placed_at = event["data"].get("placed_at")
    lag = (arrived_at - datetime.fromisoformat(placed_at).timestamp()) * 1000 if placed_at else 0.0
    _arrivals[scope["path"]].setdefault(event["id"], lag)
    await _reply(send, 204)
