"""The worker's read models: per-product sales and per-customer order summaries.

Every change is an upsert, and each (listener, event) pair is claimed first in
`processed_events`: an event relayed twice changes nothing the second time.
"""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shop.entities import CustomerOrderSummary, ProcessedEvent, ProductSales

# Core tables, not ORM entities: these statements run several times per relayed event, and
# ORM-enabled INSERTs add bookkeeping that nothing here needs.
_PROCESSED = cast(Table, ProcessedEvent.__table__)
_SALES = cast(Table, ProductSales.__table__)
_SUMMARIES = cast(Table, CustomerOrderSummary.__table__)


class Projections:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def first_times(self, listener: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Claim (listener, event) for each event at once: the ids claimed now (those claimed
        before are not among them)."""
        if not event_ids:
            return set()
        claimed = await self._session.scalars(
            insert(_PROCESSED)
            .values(
                [
                    {"listener": listener, "event_id": event_id}
                    for event_id in dict.fromkeys(event_ids)
                ]
            )
            .on_conflict_do_nothing()
            .returning(_PROCESSED.c.event_id)
        )
        return set(claimed)

    async def add_sales(self, changes: dict[uuid.UUID, tuple[int, int]]) -> None:
        """Per product: (units, orders) added, in one upsert. Rows in key order: two relays
        upserting the same products lock them in the same order (no deadlock)."""
        if not changes:
            return
        statement = insert(_SALES).values(
            [
                {"product_id": product_id, "units_sold": units, "orders": orders}
                for product_id, (units, orders) in sorted(changes.items())
            ]
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["product_id"],
                set_={
                    "units_sold": _SALES.c.units_sold + statement.excluded.units_sold,
                    "orders": _SALES.c.orders + statement.excluded.orders,
                },
            )
        )

    async def add_to_summaries(self, changes: dict[uuid.UUID, tuple[int, int, int]]) -> None:
        """Per customer: (placed, cancelled, spent_minor) added, in one upsert, in key order."""
        if not changes:
            return
        statement = insert(_SUMMARIES).values(
            [
                {
                    "customer_id": customer_id,
                    "orders_placed": placed,
                    "orders_cancelled": cancelled,
                    "net_spent_minor": spent,
                }
                for customer_id, (placed, cancelled, spent) in sorted(changes.items())
            ]
        )
        excluded = statement.excluded
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["customer_id"],
                set_={
                    "orders_placed": _SUMMARIES.c.orders_placed + excluded.orders_placed,
                    "orders_cancelled": _SUMMARIES.c.orders_cancelled + excluded.orders_cancelled,
                    "net_spent_minor": _SUMMARIES.c.net_spent_minor + excluded.net_spent_minor,
                },
            )
        )
