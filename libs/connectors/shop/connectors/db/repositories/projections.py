"""The worker's read models: per-product sales and per-customer order summaries.

One statement per listener and batch does all of it: it claims (listener, event id) for the
batch's events in `processed_events`, adds up what the events claimed now change (an event
relayed twice was claimed the first time and adds nothing the second), and upserts the sums.

Each statement takes the batch as one array per column (`unnest`): its text is the same for
any batch size, so it is compiled and prepared once, where a multi-row VALUES list cost the
relay more in SQL compilation than everything else it did (measured).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# The listener's key for each event of the batch; `claimed` holds the events that had none
# yet, the only ones whose changes count. Both statements begin with it.
_CLAIM_KEYS = """
    WITH claimed AS (
        INSERT INTO processed_events (listener, event_id, processed_at)
        SELECT DISTINCT :listener, event_id, now()
        FROM unnest(CAST(:event_ids AS uuid[])) AS event_id
        ON CONFLICT DO NOTHING
        RETURNING event_id
    )
"""
# The claimed events' changes, summed per key and upserted in key order: two relays
# upserting the same rows lock them in the same order (no deadlock).
_ADD_SALES = text(
    _CLAIM_KEYS  # noqa: S608 - constants of this module, no input
    + """
    INSERT INTO product_sales AS s (product_id, units_sold, orders)
    SELECT c.product_id, sum(c.units), sum(c.orders)
    FROM unnest(CAST(:event_ids AS uuid[]), CAST(:product_ids AS uuid[]),
                CAST(:units AS bigint[]), CAST(:orders AS int[]))
         AS c(event_id, product_id, units, orders)
    JOIN claimed USING (event_id)
    GROUP BY c.product_id
    ORDER BY c.product_id
    ON CONFLICT (product_id) DO UPDATE
    SET units_sold = s.units_sold + excluded.units_sold, orders = s.orders + excluded.orders
    """
)
_ADD_TO_SUMMARIES = text(
    _CLAIM_KEYS  # noqa: S608 - constants of this module, no input
    + """
    INSERT INTO customer_order_summaries AS s
        (customer_id, orders_placed, orders_cancelled, net_spent_minor)
    SELECT c.customer_id, sum(c.placed), sum(c.cancelled), sum(c.spent)
    FROM unnest(CAST(:event_ids AS uuid[]), CAST(:customer_ids AS uuid[]),
                CAST(:placed AS int[]), CAST(:cancelled AS int[]), CAST(:spent AS bigint[]))
         AS c(event_id, customer_id, placed, cancelled, spent)
    JOIN claimed USING (event_id)
    GROUP BY c.customer_id
    ORDER BY c.customer_id
    ON CONFLICT (customer_id) DO UPDATE
    SET orders_placed = s.orders_placed + excluded.orders_placed,
        orders_cancelled = s.orders_cancelled + excluded.orders_cancelled,
        net_spent_minor = s.net_spent_minor + excluded.net_spent_minor
    """
)


@dataclass(frozen=True)
class SalesChange:
    """What one event changes in one product's sales."""

    event_id: uuid.UUID
    product_id: uuid.UUID
    units: int
    orders: int


@dataclass(frozen=True)
class SummaryChange:
    """What one event changes in its customer's order summary."""

    event_id: uuid.UUID
    customer_id: uuid.UUID
    placed: int
    cancelled: int
    spent_minor: int


class Projections:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_sales(self, listener: str, changes: Sequence[SalesChange]) -> None:
        """The changes of the events `listener` has not handled before, in one statement."""
        if not changes:
            return
        await self._session.execute(
            _ADD_SALES,
            {
                "listener": listener,
                "event_ids": [change.event_id for change in changes],
                "product_ids": [change.product_id for change in changes],
                "units": [change.units for change in changes],
                "orders": [change.orders for change in changes],
            },
        )

    async def add_to_summaries(self, listener: str, changes: Sequence[SummaryChange]) -> None:
        """The changes of the events `listener` has not handled before, in one statement."""
        if not changes:
            return
        await self._session.execute(
            _ADD_TO_SUMMARIES,
            {
                "listener": listener,
                "event_ids": [change.event_id for change in changes],
                "customer_ids": [change.customer_id for change in changes],
                "placed": [change.placed for change in changes],
                "cancelled": [change.cancelled for change in changes],
                "spent": [change.spent_minor for change in changes],
            },
        )
