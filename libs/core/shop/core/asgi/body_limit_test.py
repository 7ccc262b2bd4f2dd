import json

from shop.core.asgi.body_limit import BodySizeLimitMiddleware
from shop.core.asgi.types import Message, Receive, Scope, Send


async def reading_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Reads the whole body, then answers 200 with its size."""
    size, more = 0, True
    while more:
        message = await receive()
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(size).encode()})


async def call(headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> list[Message]:
    sent: list[Message] = []
    pending = list(chunks)

    async def receive() -> Message:
        body = pending.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/in", "headers": headers}
    await BodySizeLimitMiddleware(reading_app, max_bytes=10)(scope, receive, send)
    return sent


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    sent = await call([(b"content-length", b"11")], [b"x" * 11])

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["status"] == 413


async def test_a_streamed_body_is_cut_off_once_over_the_limit() -> None:
    sent = await call([], [b"x" * 6, b"x" * 6])

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["instance"] == "/in"


async def test_a_body_within_the_limit_passes() -> None:
    sent = await call([], [b"x" * 5, b"x" * 5])

    assert (sent[0]["status"], sent[1]["body"]) == (200, b"10")
