"""Sending a whole response from plain ASGI code, and watching what an app sends."""

from __future__ import annotations

from collections.abc import Callable

from shop.core.asgi.types import Message, Send


async def send_response(send: Send, status: int, body: bytes, content_type: str) -> None:
    """A complete response in two messages, for middleware and framework-free endpoints."""
    headers = [(b"content-type", content_type.encode()), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ResponseWatcher:
    """A `send` that remembers the status (500 until the app starts a response) and can
    adjust the start message (e.g. add a header) before passing everything on."""

    def __init__(self, send: Send, on_start: Callable[[Message], None] | None = None) -> None:
        self._send = send
        self._on_start = on_start
        self.status = 500
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.started = True
            if self._on_start is not None:
                self._on_start(message)
        await self._send(message)
