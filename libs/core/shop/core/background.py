"""The skeleton of a background app (the worker, the notifications app): loops of use cases
beside a small health port, until SIGTERM or SIGINT.

The loops share one event loop with the port's server. A stop request is seen between steps,
so what a step claimed it finishes (or hands back) before the process exits; the caller closes
its clients once `run_loops` returns.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import uvicorn

from shop.core.asgi.edge import EdgeMiddleware
from shop.core.asgi.health import health_app
from shop.core.health import CheckReadiness
from shop.core.heap import settle_heap
from shop.core.http_protocol import PROTOCOL
from shop.core.logging import get_logger
from shop.core.loops import run_until_stopped
from shop.core.metrics import METRICS_PATH
from shop.core.serving import EmbeddedServer
from shop.core.telemetry import Telemetry

_log = get_logger(__name__)
HEALTH_MAX_BODY_BYTES = 1_024  # the health port reads no bodies


@dataclass(frozen=True)
class Loop:
    """`step` returns how much it did (0: idle, then the loop waits `idle_seconds`)."""

    name: str
    step: Callable[[], Awaitable[int | float]]
    idle_seconds: float


@dataclass(frozen=True)
class HealthPort:
    """Where /livez, /readyz and /metrics are served: an operator's port, not a public one."""

    host: str
    port: int


async def run_loops(
    app_name: str,
    loops: Sequence[Loop],
    readiness: CheckReadiness,
    telemetry: Telemetry,
    health: HealthPort,
) -> None:
    """Run the loops and the health port until the process is told to stop."""
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    def alive() -> bool:
        return not any(task.done() for task in tasks) or stop.is_set()

    http = EdgeMiddleware(
        health_app(readiness, alive, telemetry.build),
        telemetry.http,
        max_body_bytes=HEALTH_MAX_BODY_BYTES,
        metrics_path=METRICS_PATH,
    )
    server = EmbeddedServer(
        uvicorn.Config(
            http,
            host=health.host,
            port=health.port,
            log_config=None,
            access_log=False,
            lifespan="off",
            http=PROTOCOL,
        )
    )

    def request_stop(signum: int) -> None:
        _log.info("stopping", signal=signal.Signals(signum).name)
        stop.set()
        server.should_exit = True

    event_loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        event_loop.add_signal_handler(signum, request_stop, signum)
    # The port first: "started" is logged once /livez answers (the loops' first steps would
    # otherwise run before the server binds, and a probe in between would be refused).
    serving = asyncio.create_task(server.serve())
    while not server.started and not serving.done():  # noqa: ASYNC110 - uvicorn sets a flag only
        await asyncio.sleep(0.01)
    if serving.done():
        await serving  # it could not start (the port is taken): its error, not a silent loop
    tasks.extend(
        asyncio.create_task(run_until_stopped(loop.name, loop.step, loop.idle_seconds, stop))
        for loop in loops
    )
    settle_heap()
    _log.info(f"{app_name} started", port=health.port)
    await asyncio.gather(serving, *tasks)
