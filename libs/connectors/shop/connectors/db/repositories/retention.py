"""What the worker is done with, deleted in bounded batches: delivered outbox events, delivered
webhook deliveries (their attempts go with them), and the listeners' processed-event keys of
events that are delivered. Dead letters stay: a person decides about them.

Each call deletes at most `batch` rows per table, oldest first (each through its own partial
index), in the caller's transaction: short transactions, and a large backlog of old rows is
worked off one batch after another instead of in one long delete.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_PRUNE = {
    "outbox_events": """
        DELETE FROM outbox_events WHERE id IN (
          SELECT id FROM outbox_events
          WHERE delivered_at IS NOT NULL AND delivered_at < :before
          ORDER BY delivered_at LIMIT :batch)
    """,
    "webhook_deliveries": """
        DELETE FROM webhook_deliveries WHERE id IN (
          SELECT id FROM webhook_deliveries
          WHERE status = 'delivered' AND delivered_at < :before
          ORDER BY delivered_at LIMIT :batch)
    """,
    # A listener's key must outlive any redelivery of its event: only keys of events that are
    # delivered (or gone) are old enough to drop.
    "processed_events": """
        DELETE FROM processed_events WHERE (listener, event_id) IN (
          SELECT p.listener, p.event_id FROM processed_events p
          WHERE p.processed_at < :before
            AND NOT EXISTS (SELECT FROM outbox_events o
                            WHERE o.id = p.event_id AND o.delivered_at IS NULL)
          ORDER BY p.processed_at LIMIT :batch)
    """,
}


class Retention:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def prune(self, before: datetime, batch: int) -> dict[str, int]:
        """Rows deleted per table: settled before `before`, at most `batch` of each."""
        pruned = {}
        for table, statement in _PRUNE.items():
            result = await self._session.execute(
                text(statement), {"before": before, "batch": batch}
            )
            pruned[table] = int(result.rowcount)  # type: ignore[attr-defined]
        return pruned
