"""How far behind the relay is: the age of the oldest undelivered outbox event."""

from __future__ import annotations

from shop.worker.services.ports import UnitOfWorkFactory, WorkerMetricsPort


class MeasureLag:
    def __init__(self, uow: UnitOfWorkFactory, metrics: WorkerMetricsPort) -> None:
        self._uow = uow
        self._metrics = metrics

    async def execute(self) -> float:
        async with self._uow() as uow:
            seconds = await uow.outbox.oldest_pending_age()
        self._metrics.outbox_lag(seconds)
        return seconds
