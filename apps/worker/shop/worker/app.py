"""Composition root of the worker: settings in, a running worker out.

Four loops beside the health port (`shop.core.background`): the relay (outbox to listeners,
webhook deliveries and the event stream), the webhook sender, the backlog gauges, and the
retention (what the worker is done with, pruned); `WORKER_LOOPS` picks which of them a process
runs, so senders and relays can be scaled apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from shop.connectors.db.engine import EnginePoolStats, create_engine
from shop.connectors.db.readiness import database_readiness, report_schema
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.db.telemetry import watch_database
from shop.connectors.events.jetstream import JetStreamPublisher
from shop.connectors.http.targets import WebhookTargets
from shop.connectors.http.webhooks import WebhookClient
from shop.core.background import HealthPort, Loop, run_loops
from shop.core.logging import get_logger
from shop.core.telemetry import start_telemetry
from shop.core.tracing import quiet
from shop.worker.interface.metrics import WorkerMetrics
from shop.worker.release import SERVICE, build
from shop.worker.services.backlog import MeasureBacklog
from shop.worker.services.relay import RelayOutbox
from shop.worker.services.retention import PruneRecords
from shop.worker.services.webhooks import SendWebhooks
from shop.worker.settings import WorkerSettings

_log = get_logger(__name__)
BACKLOG_INTERVAL_SECONDS = 1.0
RETENTION_INTERVAL_SECONDS = 60.0  # between rounds once nothing more was due


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
    sender = SendWebhooks(
        unit_of_work,
        client,
        config.backoff,
        metrics,
        config.lease,
        concurrency=config.webhook_concurrency,
        per_receiver=config.webhook_concurrency_per_receiver,
        wait_seconds=config.poll_interval_seconds,
    )
    backlog = MeasureBacklog(unit_of_work, metrics)
    prune = PruneRecords(unit_of_work, config.retention, config.prune_batch_size, metrics)

    async def relay_and_wake_the_sender() -> int:
        relayed = await relay.execute(config.batch_size)
        if relayed:
            sender.wake()  # its new deliveries go out now, not at its next poll
        return relayed

    relays = [
        Loop("relay", _quietly(relay_and_wake_the_sender), config.poll_interval_seconds)
        for _ in range(config.relay_concurrency)
    ]
    loops = [
        *relays,
        # The sender waits inside its step (for a send to finish, or to be woken).
        Loop("webhooks", _quietly(sender.execute), 0),
        Loop("backlog", _quietly(lambda: _idle(backlog.execute())), BACKLOG_INTERVAL_SECONDS),
        Loop("retention", _quietly(prune.execute), RETENTION_INTERVAL_SECONDS),
    ]
    loops = [loop for loop in loops if loop.name in config.loops]
    readiness = database_readiness(engine)
    try:
        await run_loops("worker", loops, readiness, telemetry, HealthPort(config.host, config.port))
    finally:
        # What is being sent gets the client's timeout to finish; the rest is handed back.
        try:
            await sender.stop(grace_seconds=config.webhook_timeout_seconds)
        except Exception:  # noqa: BLE001 - the database gone too: the leases run out instead
            _log.exception("webhook deliveries in flight were not recorded or handed back")
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
