"""Composition root of the worker: settings in, a running worker out.

Three loops share one event loop with the small HTTP server: the relay (outbox to listeners and
webhook deliveries), the webhook sender, and the backlog gauges. SIGTERM or SIGINT stops them
between steps; whatever a step claimed it finishes (or hands back) before the process exits.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable

import uvicorn

from shop.connectors.db.engine import EnginePoolStats, create_engine
from shop.connectors.db.readiness import database_readiness, report_schema
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.db.telemetry import watch_database
from shop.connectors.events.jetstream import JetStreamPublisher
from shop.connectors.http.targets import WebhookTargets
from shop.connectors.http.webhooks import WebhookClient
from shop.core.asgi.edge import EdgeMiddleware
from shop.core.heap import settle_heap
from shop.core.http_protocol import PROTOCOL
from shop.core.logging import get_logger
from shop.core.metrics import METRICS_PATH
from shop.core.serving import EmbeddedServer
from shop.core.telemetry import start_telemetry
from shop.core.tracing import quiet
from shop.worker.interface.http import health_app
from shop.worker.interface.loops import run_until_stopped
from shop.worker.interface.metrics import WorkerMetrics
from shop.worker.release import SERVICE, build
from shop.worker.services.backlog import MeasureBacklog
from shop.worker.services.relay import RelayOutbox
from shop.worker.services.webhooks import SendWebhooks
from shop.worker.settings import WorkerSettings

_log = get_logger(__name__)
BACKLOG_INTERVAL_SECONDS = 1.0
HEALTH_MAX_BODY_BYTES = 1_024  # the health port reads no bodies


async def run(settings: WorkerSettings) -> None:
    telemetry = start_telemetry(build(), settings.log, settings.tracing)
    config = settings.worker
    engine = create_engine(settings.database, application_name=SERVICE)
    watch_database(telemetry, {"primary": EnginePoolStats(engine, settings.database)})
    sessions = create_session_factory(engine)
    await report_schema(engine)

    def unit_of_work() -> UnitOfWork:
        return UnitOfWork(sessions)

    metrics = WorkerMetrics(telemetry.registry)
    client = WebhookClient(
        WebhookTargets(settings.webhook_targets),
        config.webhook_timeout_seconds,
        config.webhook_concurrency,
        tracer_provider=telemetry.tracer_provider,
    )
    stream = JetStreamPublisher(settings.events) if settings.events.nats_url else None
    relay = RelayOutbox(unit_of_work, config.backoff, metrics, stream)
    sender = SendWebhooks(unit_of_work, client, config.backoff, metrics, config.lease)
    backlog = MeasureBacklog(unit_of_work, metrics)

    stop = asyncio.Event()
    loops = [
        asyncio.create_task(
            run_until_stopped(
                "relay",
                _quietly(lambda: relay.execute(config.batch_size)),
                config.poll_interval_seconds,
                stop,
            )
        ),
        asyncio.create_task(
            run_until_stopped(
                "webhooks",
                _quietly(lambda: sender.execute(config.webhook_concurrency)),
                config.poll_interval_seconds,
                stop,
            )
        ),
        asyncio.create_task(
            run_until_stopped(
                "backlog",
                _quietly(lambda: _idle(backlog.execute())),
                BACKLOG_INTERVAL_SECONDS,
                stop,
            )
        ),
    ]

    def alive() -> bool:
        return not any(task.done() for task in loops) or stop.is_set()

    # The health port is the worker's only one, and not a public one: metrics are served there.
    http = EdgeMiddleware(
        health_app(database_readiness(engine), alive, telemetry.build),
        telemetry.http,
        max_body_bytes=HEALTH_MAX_BODY_BYTES,
        metrics_path=METRICS_PATH,
    )
    server = EmbeddedServer(
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
        if stream is not None:
            await stream.close()
        await engine.dispose()
        _log.info("worker stopped")
        telemetry.close()


def _quietly(step: Callable[[], Awaitable[int]]) -> Callable[[], Awaitable[int]]:
    """A loop's step without spans of its own: polling would make a trace per query every
    tenth of a second. The events it handles continue their requests' traces
    (`continued_trace` turns the instrumentation back on inside)."""

    async def quiet_step() -> int:
        with quiet():
            return await step()

    return quiet_step


async def _idle(measurement: Awaitable[float]) -> int:
    """A step that always waits its interval afterwards (a gauge, not a queue)."""
    await measurement
    return 0
