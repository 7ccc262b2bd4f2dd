"""Request IDs and access logs as plain ASGI middleware, the same for every app.

The request ID is taken from `X-Request-ID` when the caller sends a sane one (so a trace crosses
services), generated otherwise, echoed in the response and bound to every log line written while
the request is handled.
"""

from __future__ import annotations

import re
import time
import uuid

from shop.core.asgi.responses import ResponseWatcher
from shop.core.asgi.types import ASGIApp, Message, Receive, Scope, Send
from shop.core.logging import bound_log_context, get_logger

REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
_QUIET_PATHS = frozenset({"/livez", "/readyz", "/metrics"})

_log = get_logger("shop.access")


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER and _SANE_REQUEST_ID.match(value):
            return str(value.decode("ascii"))
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()

        def echo_request_id(message: Message) -> None:
            headers = [
                (k, v) for k, v in message.get("headers", ()) if k.lower() != REQUEST_ID_HEADER
            ]
            headers.append((REQUEST_ID_HEADER, request_id.encode("ascii")))
            message["headers"] = headers

        response = ResponseWatcher(send, on_start=echo_request_id)
        with bound_log_context(request_id=request_id):
            try:
                await self.app(scope, receive, response)
            finally:
                if scope["path"] not in _QUIET_PATHS or response.status >= 400:  # noqa: PLR2004
                    _log.info(
                        "request",
                        method=scope["method"],
                        path=scope["path"],
                        status=response.status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    )
