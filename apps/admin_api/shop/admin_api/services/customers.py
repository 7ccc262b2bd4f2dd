"""Customers as staff see and manage them."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from shop.admin_api.services.audit import audited
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.connectors.db.queries import Page
from shop.entities import StaffAccess
from shop.entities.snapshots import customer_snapshot


def _listed(snapshot: dict[str, Any], registered_at: str) -> dict[str, Any]:
    return snapshot | {"registered_at": registered_at}


class CustomerDirectory:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def search(
        self, text: str | None, cursor: str | None, limit: int
    ) -> Page[dict[str, Any]]:
        async with self._uow() as uow:
            page = await uow.customers.list(text, cursor, limit)
        items = [_listed(customer_snapshot(c), c.created_at.isoformat()) for c in page.items]
        return Page(items, page.next_cursor)

    async def get(self, customer_id: uuid.UUID) -> dict[str, Any]:
        """The customer with how many orders they placed and what they spent (per currency)."""
        async with self._uow() as uow:
            customer = await uow.customers.get(customer_id)
            spending = await uow.customers.spending(customer_id)
        return _listed(customer_snapshot(customer), customer.created_at.isoformat()) | {
            "order_count": spending.order_count,
            "spent_minor": spending.spent_minor,
        }


class SetCustomerSuspended:
    """A suspended customer cannot sign in, and their live tokens stop working at once."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, actor: StaffAccess, customer_id: uuid.UUID, *, suspended: bool
    ) -> dict[str, Any]:
        async with self._uow() as uow:
            customer = await uow.customers.get(customer_id)
            action = "customer.suspend" if suspended else "customer.reactivate"
            async with audited(uow, actor, action, partial(customer_snapshot, customer)) as change:
                if suspended:
                    customer.suspend()
                else:
                    customer.reactivate()
            await uow.commit()
        return _listed(change.after, customer.created_at.isoformat())
