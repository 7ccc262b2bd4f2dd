"""Refusing request bodies over a size limit with a 413 problem, before the app reads them all."""

from __future__ import annotations

import json

from shop.core.asgi.responses import send_response
from shop.core.asgi.types import Message, Receive, Send
from shop.core.errors import PROBLEM_CONTENT_TYPE, http_status_problem

PAYLOAD_TOO_LARGE = 413


class BodyTooLargeError(Exception):
    pass


def declared_too_large(content_length: bytes | None, max_bytes: int) -> bool:
    return (
        content_length is not None and content_length.isdigit() and int(content_length) > max_bytes
    )


def limited(receive: Receive, max_bytes: int) -> Receive:
    """`receive` that raises `BodyTooLargeError` once the body read so far is over the limit
    (a chunked body declares no length up front)."""
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > max_bytes:
            raise BodyTooLargeError
        return message

    return receive_within_limit


async def send_too_large(send: Send, max_bytes: int, instance: str) -> None:
    detail = f"The request body is larger than {max_bytes} bytes."
    body = json.dumps(http_status_problem(PAYLOAD_TOO_LARGE, detail, instance).to_dict()).encode()
    await send_response(send, PAYLOAD_TOO_LARGE, body, PROBLEM_CONTENT_TYPE)
