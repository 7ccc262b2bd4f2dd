"""Refuse request bodies over a size limit with a 413 problem, before the app reads them all."""

from __future__ import annotations

import json

from shop.core.asgi.responses import ResponseWatcher, send_response
from shop.core.asgi.types import ASGIApp, Message, Receive, Scope, Send
from shop.core.errors import PROBLEM_CONTENT_TYPE, http_status_problem

PAYLOAD_TOO_LARGE = 413


class BodyTooLargeError(Exception):
    pass


async def send_problem(send: Send, status: int, detail: str, instance: str) -> None:
    body = json.dumps(http_status_problem(status, detail, instance).to_dict()).encode()
    await send_response(send, status, body, PROBLEM_CONTENT_TYPE)


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        detail = f"The request body is larger than {self.max_bytes} bytes."
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_problem(send, PAYLOAD_TOO_LARGE, detail, scope["path"])
            return
        received = 0
        response = ResponseWatcher(send)

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:  # a chunked body without a Content-Length
                raise BodyTooLargeError
            return message

        try:
            await self.app(scope, counting_receive, response)
        except BodyTooLargeError:
            if not response.started:
                await send_problem(send, PAYLOAD_TOO_LARGE, detail, scope["path"])
