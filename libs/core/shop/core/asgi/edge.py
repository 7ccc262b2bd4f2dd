"""The one ASGI layer every app puts in front of its framework: request IDs, the access log,
metrics (and, where the app serves them on its own port, `/metrics`), the request body's size,
media type and JSON depth, and the `Deprecation` and `Sunset` headers of deprecated operations.

One layer, not one per concern: each layer costs a coroutine per request and a `send` wrapper
per message, and as three layers these concerns cost the public API a seventh of its CPU per
request (libs/core/CHANGELOG.md, 0.3.0, has the figures). The concerns live in their own
modules; this one calls them in order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

import orjson
from prometheus_client import CONTENT_TYPE_LATEST

from shop.core.asgi.metrics import HttpMetrics, route_template
from shop.core.asgi.request_body import (
    BodyRefusedError,
    ClientLeftError,
    check_json_depth,
    check_media_type,
    declared_too_large,
    read_body,
    replaying,
    send_refusal,
    too_large,
)
from shop.core.asgi.request_ids import REQUEST_ID_HEADER, request_id_for
from shop.core.asgi.responses import send_response
from shop.core.asgi.types import ASGIApp, Message, Receive, Scope, Send
from shop.core.errors import PROBLEM_CONTENT_TYPE, unexpected_error_problem
from shop.core.logging import bound_log_context, get_logger, log_request
from shop.core.operations import OperationIndex
from shop.core.tracing import enabled as tracing_enabled
from shop.core.tracing import name_request_span

_log = get_logger(__name__)

# Probes and scrapes are logged only when they fail: they would drown the lines that matter.
_QUIET_PATHS = frozenset({"/livez", "/readyz", "/metrics"})
_SERVER_ERROR = 500
_CLIENT_CLOSED_REQUEST = 499  # nginx's name for it: the client left before an answer
MAX_JSON_DEPTH = 32


class Page(Protocol):
    """An ASGI handler for some paths, answered at the edge."""

    def handles(self, path: str) -> bool: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...


class EdgeMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        metrics: HttpMetrics,
        max_body_bytes: int,
        *,
        metrics_path: str | None = None,
        max_json_depth: int = MAX_JSON_DEPTH,
        operations: Callable[[], OperationIndex] | None = None,
        pages: Sequence[Page] = (),
    ) -> None:
        """`operations`: the app's operations from its OpenAPI document; a body whose media type
        the operation does not take is refused with 415 before the framework parses it, and a
        deprecated operation's responses get its `Deprecation` and `Sunset` headers.
        `pages`: handlers the edge answers itself, before the framework (the docs page).
        `metrics_path`: where the edge serves the metrics itself; only on a port that is not
        public (the worker's health port), the APIs serve them on a port of their own."""
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes
        self.max_json_depth = max_json_depth
        self.operations = operations
        self.pages = pages
        self.metrics_path = metrics_path
        # Read once: tracing is configured before the app is built, and never changes after.
        self.traced = tracing_enabled()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if path == self.metrics_path and method == "GET":
            await send_response(send, 200, self.metrics.exposition(), CONTENT_TYPE_LATEST)
            return
        started = time.perf_counter()
        self.metrics.in_flight += 1
        incoming_id, content_length, may_have_body, media_type = _read_headers(scope)
        request_id = request_id_for(incoming_id)
        added = [(REQUEST_ID_HEADER, request_id.encode("ascii"))]
        if self.operations is not None:
            added += self.operations().deprecation_headers(path, method)
        status = 0  # until the app starts its response
        traced = self.traced

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), *added]
                if traced:  # now: the request's span ends with the response body
                    name_request_span(method, route_template(scope))
            await send(message)

        try:
            with bound_log_context(request_id=request_id):
                if may_have_body:
                    receive = await self._checked_body(
                        receive, path, method, media_type, content_length
                    )
                handler = next((page for page in self.pages if page.handles(path)), self.app)
                await handler(scope, receive, send_with_request_id)
        except BodyRefusedError as refusal:
            await send_refusal(send_with_request_id, refusal, path)
        except ClientLeftError:
            status = _CLIENT_CLOSED_REQUEST
        except Exception:  # noqa: BLE001 - what the framework let through; answered here
            # Logged once, with its request ID (the context is still bound here, not outside),
            # and not raised on: the server would log it again and answer without the ID.
            with bound_log_context(request_id=request_id):
                _log.exception("unhandled error", method=method, path=path)
            if not status:
                problem = orjson.dumps(unexpected_error_problem(path).to_dict())
                await send_response(send_with_request_id, 500, problem, PROBLEM_CONTENT_TYPE)
        finally:
            seconds = time.perf_counter() - started
            status = status or _SERVER_ERROR
            self.metrics.in_flight -= 1
            self.metrics.observe(method, route_template(scope), status, seconds)
            if path not in _QUIET_PATHS or status >= 400:  # noqa: PLR2004
                log_request(request_id, method, path, status, seconds)

    async def _checked_body(
        self,
        receive: Receive,
        path: str,
        method: str,
        media_type: str,
        content_length: bytes | None,
    ) -> Receive:
        """The body read whole and checked (media type, size, JSON depth), replayed to the app;
        `BodyRefusedError` for one the operation must not see."""
        if self.operations is not None:
            check_media_type(self.operations(), path, method, media_type)
        if declared_too_large(content_length, self.max_body_bytes):
            raise too_large(self.max_body_bytes)
        body = await read_body(receive, self.max_body_bytes)
        if not media_type or "json" in media_type:
            check_json_depth(body, self.max_json_depth)
        return replaying(body, receive)


def _read_headers(scope: Scope) -> tuple[bytes | None, bytes | None, bool, str]:
    """The request ID and Content-Length sent, whether a body may follow and its media type
    (without parameters; empty when none was sent); one pass."""
    incoming_id = content_length = None
    may_have_body, media_type = False, ""
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            incoming_id = value
        elif name == b"content-length":
            content_length, may_have_body = value, value != b"0"
        elif name == b"transfer-encoding":
            may_have_body = True
        elif name == b"content-type":
            media_type = value.split(b";", 1)[0].strip().lower().decode("latin-1")
    return incoming_id, content_length, may_have_body, media_type
