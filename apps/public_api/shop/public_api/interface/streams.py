"""Server-Sent Events that end cleanly when the server stops.

sse-starlette cancels a stream when the server shuts down and returns without ending the
response, which uvicorn logs as an error ("ASGI callable returned without completing
response") for every open stream. Here the response is ended properly instead: the client
sees the stream close and reconnects after `retry` with `Last-Event-ID`, to this server when it
is back or to another replica.
"""

from __future__ import annotations

import contextlib

from sse_starlette.sse import EventSourceResponse
from starlette.types import Message, Receive, Scope, Send


class ClosingEventSourceResponse(EventSourceResponse):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = ended = False

        async def tracking(message: Message) -> None:
            nonlocal started, ended
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                ended = True
            await send(message)

        await super().__call__(scope, receive, tracking)
        if started and not ended:
            # The client may be gone already; then there is nobody left to tell.
            with contextlib.suppress(OSError, RuntimeError):
                await send({"type": "http.response.body", "body": b"", "more_body": False})
