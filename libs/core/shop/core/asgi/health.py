"""A background app's small HTTP surface (the worker's, the notifications app's): /livez,
/readyz and (through the edge middleware) /metrics. A plain ASGI callable: three fixed routes
need no framework."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from shop.core.asgi.responses import send_response
from shop.core.asgi.types import ASGIApp, Receive, Scope, Send
from shop.core.build import BuildInfo
from shop.core.errors import (
    PROBLEM_CONTENT_TYPE,
    ShopError,
    UnavailableError,
    http_status_problem,
    problem_details,
)
from shop.core.health import CheckReadiness

READY: dict[str, object] = {"status": "ready"}


async def _reply(send: Send, status: int, body: dict[str, object], content_type: str) -> None:
    await send_response(send, status, orjson.dumps(body), content_type)


def health_app(readiness: CheckReadiness, alive: Callable[[], bool], build: BuildInfo) -> ASGIApp:
    """`alive`: the app's loops are still running (a crashed loop fails liveness)."""
    liveness: dict[str, object] = {**build.liveness()}

    async def app(scope: Scope, _receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        if scope["method"] != "GET" or path not in {"/livez", "/readyz"}:
            status = 404 if path not in {"/livez", "/readyz"} else 405
            problem = http_status_problem(status, instance=path)
            await _reply(send, status, problem.to_dict(), PROBLEM_CONTENT_TYPE)
            return
        try:
            if path == "/livez" and not alive():
                raise UnavailableError("a loop of the app has stopped")
            if path == "/readyz":
                await readiness.execute()
        except ShopError as error:
            problem = problem_details(error, path)
            await _reply(send, problem.status, problem.to_dict(), PROBLEM_CONTENT_TYPE)
            return
        await _reply(send, 200, liveness if path == "/livez" else READY, "application/json")

    return app
