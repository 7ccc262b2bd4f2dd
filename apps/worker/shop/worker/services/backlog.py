"""How far behind the worker is: events waiting for the relay, the age of the oldest, and the
webhook deliveries that gave up (dead letters)."""

from __future__ import annotations

from shop.worker.services.ports import UnitOfWorkFactory, WorkerMetricsPort


class MeasureBacklog:
    def __init__(self, uow: UnitOfWorkFactory, metrics: WorkerMetricsPort) -> None:
        self._uow = uow
        self._metrics = metrics

    async def execute(self) -> float:
        """The lag: seconds since the oldest waiting event was written (0: none waits)."""
        async with self._uow() as uow:
            waiting, lag = await uow.outbox.backlog()
            dead = await uow.webhooks.dead_letters()
        self._metrics.backlog(waiting, lag, dead)
        return lag
