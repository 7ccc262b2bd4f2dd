"""Composition root of the worker: settings in, a running worker out.

Three loops share one event loop with the small HTTP server: the relay (outbox to listeners and
webhook deliveries), the webhook sender, and the lag gauge. SIGTERM or SIGINT stops them between
steps; whatever a step claimed it finishes (or hands back) before the process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Iterator

import uvicorn
from prometheus_client import CollectorRegistry

from shop.connectors.db.engine import create_engine
from shop.connectors.db.readiness import database_readiness, report_schema
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.http.targets import WebhookTargets
from shop.connectors.http.webhooks import WebhookClient
from shop.core.asgi.edge import EdgeMiddleware
from shop.core.asgi.metrics import HttpMetrics
from shop.core.heap import settle_heap
from shop.core.http_protocol import PROTOCOL
from shop.core.logging import configure_logging, get_logger
from shop.worker.interface.http import health_app
from shop.worker.interface.loops import run_until_stopped
from shop.worker.interface.metrics import WorkerMetrics
from shop.worker.services.lag import MeasureLag
from shop.worker.services.relay import RelayOutbox
from shop.worker.services.webhooks import SendWebhooks
from shop.worker.settings import WorkerSettings

_log = get_logger(__name__)
LAG_INTERVAL_SECONDS = 1.0
HEALTH_MAX_BODY_BYTES = 1_024  # the health port reads no bodies


class _Server(uvicorn.Server):
    # The worker handles SIGTERM/SIGINT itself (to stop its loops too); uvicorn must not
    # capture and re-raise them.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def run(settings: WorkerSettings) -> None:
    configure_logging(settings.log)
    config = settings.worker
    engine = create_engine(settings.database, application_name="shop-worker")
    sessions = create_session_factory(engine)
    await report_schema(engine)

    def unit_of_work() -> UnitOfWork:
        return UnitOfWork(sessions)

    registry = CollectorRegistry()
    metrics = WorkerMetrics(registry)
    client = WebhookClient(
        WebhookTargets(settings.webhook_targets),
        config.webhook_timeout_seconds,
        config.webhook_concurrency,
    )
    relay = RelayOutbox(unit_of_work, config.backoff, metrics)
    sender = SendWebhooks(unit_of_work, client, config.backoff, metrics, config.lease)
    lag = MeasureLag(unit_of_work, metrics)

    stop = asyncio.Event()
    loops = [
        asyncio.create_task(
            run_until_stopped(
                "relay",
                lambda: relay.execute(config.batch_size),
                config.poll_interval_seconds,
                stop,
            )
        ),
        asyncio.create_task(
            run_until_stopped(
                "webhooks",
                lambda: sender.execute(config.webhook_concurrency),
                config.poll_interval_seconds,
                stop,
            )
        ),
        asyncio.create_task(
            run_until_stopped("lag", lambda: _idle(lag.execute()), LAG_INTERVAL_SECONDS, stop)
        ),
    ]

    def alive() -> bool:
        return not any(task.done() for task in loops) or stop.is_set()

    http = EdgeMiddleware(
        health_app(database_readiness(engine), alive),
        HttpMetrics(registry),
        max_body_bytes=HEALTH_MAX_BODY_BYTES,
    )
    server = _Server(
        uvicorn.Config(
            http,
            host=config.host,
            port=config.port,
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
    settle_heap()
    _log.info("worker started", port=config.port)
    try:
        await asyncio.gather(server.serve(), *loops)
    finally:
        await client.close()
        await engine.dispose()
        _log.info("worker stopped")


async def _idle(measurement: Awaitable[float]) -> int:
    """A step that always waits its interval afterwards (a gauge, not a queue)."""
    await measurement
    return 0
