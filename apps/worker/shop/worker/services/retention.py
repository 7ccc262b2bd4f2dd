"""Keeping the worker's tables from growing without bound: what it is done with, older than the
retention, deleted one batch at a time (the loop goes on at once while there was a full one)."""

from __future__ import annotations

from datetime import timedelta

from shop.worker.services.ports import UnitOfWorkFactory, WorkerMetricsPort


class PruneRecords:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        keep: timedelta | None,
        batch: int,
        metrics: WorkerMetricsPort,
    ) -> None:
        self._uow = uow
        self._keep = keep
        self._batch = batch
        self._metrics = metrics

    async def execute(self) -> int:
        """Rows deleted (0: nothing was due, or the retention is off)."""
        if self._keep is None:
            return 0
        async with self._uow() as uow:
            before = await uow.webhooks.now() - self._keep  # the database's clock
            pruned = await uow.retention.prune(before, self._batch)
            await uow.commit()
        for table, rows in pruned.items():
            if rows:
                self._metrics.pruned(table, rows)
        return sum(pruned.values())
