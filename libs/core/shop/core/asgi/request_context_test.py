from typing import Any

import structlog

from shop.core.asgi.request_context import RequestContextMiddleware
from shop.core.asgi.types import Message, Receive, Scope, Send


class Recorder:
    """A fake ASGI app that records the request ID bound while it runs."""

    def __init__(self) -> None:
        self.bound: dict[str, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.bound = structlog.contextvars.get_contextvars()
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def call(app: RequestContextMiddleware, headers: list[tuple[bytes, bytes]]) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/x", "headers": headers}
    await app(scope, receive, send)
    return sent


def response_request_id(sent: list[Message]) -> bytes:
    headers: dict[bytes, bytes] = dict(sent[0]["headers"])
    return headers[b"x-request-id"]


async def test_a_sane_incoming_request_id_is_kept_echoed_and_logged() -> None:
    inner = Recorder()

    sent = await call(RequestContextMiddleware(inner), [(b"x-request-id", b"abc-123")])

    assert response_request_id(sent) == b"abc-123"
    assert inner.bound["request_id"] == "abc-123"


async def test_a_missing_or_hostile_request_id_is_replaced() -> None:
    inner = Recorder()

    sent = await call(RequestContextMiddleware(inner), [(b"x-request-id", b"bad id\r\nx: y")])

    generated = response_request_id(sent)
    assert generated != b"bad id\r\nx: y"
    assert len(generated) == 32
    assert inner.bound["request_id"] == generated.decode()


async def test_the_context_does_not_leak_past_the_request() -> None:
    await call(RequestContextMiddleware(Recorder()), [])

    assert "request_id" not in structlog.contextvars.get_contextvars()
