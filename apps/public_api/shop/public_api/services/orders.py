"""Placing and cancelling orders: the write side, through the entities and their rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shop.connectors.db.queries import OrderFilter, Page
from shop.core.errors import ConflictError, FieldError, ValidationFailedError
from shop.entities import Customer, Order, request_fingerprint
from shop.public_api.services.ports import UnitOfWorkFactory
from shop.public_api.services.replies import order_reply

CREATED = 201


@dataclass(frozen=True)
class WantedLine:
    product_id: uuid.UUID
    quantity: int


@dataclass(frozen=True)
class Reply:
    """A status and a JSON body: what a retry with the same Idempotency-Key gets again."""

    status: int
    body: dict[str, Any]


class PlaceOrder:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, customer: Customer, idempotency_key: str, lines: Sequence[WantedLine]
    ) -> Reply:
        customer_id = customer.id
        fingerprint = request_fingerprint(
            [{"product_id": str(line.product_id), "quantity": line.quantity} for line in lines]
        )
        async with self._uow() as uow:
            if not await uow.idempotency.claim(customer_id, idempotency_key, fingerprint):
                # Another request with this key committed first (the claim waited for it).
                record = await uow.idempotency.get(customer_id, idempotency_key)
                if record is None or record.response_status is None:
                    raise ConflictError("A request with this Idempotency-Key is in progress.")
                if not record.matches(fingerprint):
                    raise ConflictError(
                        "This Idempotency-Key was used for a different request.",
                        idempotency_key=idempotency_key,
                    )
                return Reply(record.response_status, record.response_body or {})

            products = await uow.products.get_many([line.product_id for line in lines])
            unknown = [str(line.product_id) for line in lines if line.product_id not in products]
            if unknown:
                raise ValidationFailedError(
                    "Some products do not exist.",
                    errors=[FieldError("lines", f"unknown product {pid}") for pid in unknown],
                )
            order = Order.place(
                customer, [(products[line.product_id], line.quantity) for line in lines]
            )
            uow.orders.add(order)
            await uow.flush()  # assigns the timestamps the reply shows
            reply = Reply(CREATED, order_reply(order))
            await uow.idempotency.complete(customer_id, idempotency_key, reply.status, reply.body)
            # Stock last: the product rows are locked from here to the commit only, so orders
            # for the same product queue for two round trips, not for the whole placement.
            await uow.stock.move(order.stock_taken())
            await uow.commit()
        return reply


class CustomerOrders:
    """A customer's own orders; anyone else's are not found (never forbidden: no leak)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def get(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            order = await uow.orders.get(order_id, customer_id=customer_id)
        return order_reply(order)

    async def list(
        self, customer_id: uuid.UUID, cursor: str | None, limit: int
    ) -> Page[dict[str, Any]]:
        async with self._uow() as uow:
            page = await uow.orders.list(OrderFilter(customer_id=customer_id), cursor, limit)
        return Page([order_reply(order) for order in page.items], page.next_cursor)


class CancelOrder:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            order = await uow.orders.get_for_update(order_id, customer_id=customer_id)
            await uow.orders.cancel(order)
            await uow.commit()
        return order_reply(order)
