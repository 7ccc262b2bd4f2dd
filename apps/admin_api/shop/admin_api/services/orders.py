"""Orders moved on by staff: fulfilled or cancelled, each with its event and its audit entry."""

from __future__ import annotations

import uuid
from typing import Any

from shop.admin_api.services.audit import record_change
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.connectors.db.views.staff import StaffAccess
from shop.entities import EventType
from shop.entities.snapshots import order_event, order_snapshot


class FulfilOrder:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, order_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            order = await uow.orders.get_for_update(order_id)
            before = order_snapshot(order)
            order.fulfil()
            await uow.flush()
            after = order_snapshot(order)
            uow.outbox.add(order_event(EventType.ORDER_FULFILLED, order))
            record_change(uow, actor, "order.fulfil", before, after)
            await uow.commit()
        return after


class CancelOrder:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, order_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            order = await uow.orders.get_for_update(order_id)
            before = order_snapshot(order)
            given_back = order.cancel()
            await uow.flush()
            after = order_snapshot(order)
            uow.outbox.add(order_event(EventType.ORDER_CANCELLED, order))
            record_change(uow, actor, "order.cancel", before, after)
            await uow.flush()
            await uow.stock.move(given_back)  # last: the product rows stay locked briefly
            await uow.commit()
        return after
