"""Sending a whole response from plain ASGI code."""

from __future__ import annotations

from shop.core.asgi.types import Send


async def send_response(
    send: Send,
    status: int,
    body: bytes,
    content_type: str,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """A complete response in two messages, for middleware and framework-free endpoints."""
    headers = [(b"content-type", content_type.encode()), (b"content-length", b"%d" % len(body))]
    headers += extra_headers or []
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
