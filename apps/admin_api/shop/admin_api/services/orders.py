"""Orders moved on by staff: fulfilled or cancelled, each with its audit entry (the order
records its own event)."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from shop.admin_api.services.audit import audited
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.entities import StaffAccess
from shop.entities.snapshots import order_snapshot


class FulfilOrder:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, order_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            order = await uow.orders.get_for_update(order_id)
            async with audited(
                uow, actor, "order.fulfil", partial(order_snapshot, order)
            ) as change:
                order.fulfil()
            await uow.commit()
        return change.after


class CancelOrder:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, order_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            order = await uow.orders.get_for_update(order_id)
            async with audited(
                uow, actor, "order.cancel", partial(order_snapshot, order)
            ) as change:
                await uow.orders.cancel(order)
            await uow.commit()
        return change.after
