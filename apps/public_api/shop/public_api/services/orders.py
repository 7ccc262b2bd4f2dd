"""Placing and cancelling orders: the write side, through the entities and their rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shop.connectors.db.queries import OrderFilter, Page
from shop.connectors.db.repositories import KeyedReply, Placement
from shop.core.errors import (
    ConflictError,
    FieldError,
    ShopError,
    ValidationFailedError,
)
from shop.entities import Customer, Order, Product, request_fingerprint
from shop.public_api.services.accounts import signed_in
from shop.public_api.services.ports import UnitOfWorkFactory, UnitOfWorkPort
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
    """The entity applies the rules; one statement claims the key, takes the stock and writes
    the order with its event (`OrderPlacements`). A line that could not be served is explained
    by the stock ledger; when nothing stands in the way any more (a price changed meanwhile,
    say), the order is priced again, up to `ATTEMPTS` times."""

    ATTEMPTS = 3

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, customer_id: uuid.UUID, idempotency_key: str, lines: Sequence[WantedLine]
    ) -> Reply:
        """`customer_id`: the token's subject; the account is checked here, in the read that
        prices the order (one query for both)."""
        fingerprint = request_fingerprint(
            [{"product_id": str(line.product_id), "quantity": line.quantity} for line in lines]
        )
        for _ in range(self.ATTEMPTS):
            async with self._uow() as uow:
                buyer, products = await uow.placements.buyer_and_products(
                    customer_id, [line.product_id for line in lines]
                )
                customer = signed_in(buyer)
                try:
                    order = _priced(customer, products, lines)
                except ShopError:
                    # A retry of a request that was placed keeps its reply, whatever changed.
                    stored = await _stored_reply(uow, customer_id, idempotency_key, fingerprint)
                    if stored is None:
                        raise
                    return stored
                reply = Reply(CREATED, order_reply(order))
                keyed = KeyedReply(
                    customer_id, idempotency_key, fingerprint, reply.status, reply.body
                )
                placement = await uow.placements.place(order, keyed)
                if placement is Placement.PLACED:
                    await uow.commit()
                    return reply
                if placement is Placement.KEY_USED:
                    stored = await _stored_reply(uow, customer_id, idempotency_key, fingerprint)
                    if stored is None:  # its first request rolled back meanwhile
                        raise ConflictError("A request with this Idempotency-Key is in progress.")
                    return stored
                await uow.stock.explain_refusal(order.stock_taken())
        raise ConflictError("The products changed while the order was placed; place it again.")


def _priced(
    customer: Customer, products: dict[uuid.UUID, Product], lines: Sequence[WantedLine]
) -> Order:
    """The order the entity makes of the wanted lines (its rules), at today's prices."""
    unknown = [str(line.product_id) for line in lines if line.product_id not in products]
    if unknown:
        raise ValidationFailedError(
            "Some products do not exist.",
            errors=[FieldError("lines", f"unknown product {pid}") for pid in unknown],
        )
    return Order.place(customer, [(products[line.product_id], line.quantity) for line in lines])


async def _stored_reply(
    uow: UnitOfWorkPort, customer_id: uuid.UUID, key: str, fingerprint: str
) -> Reply | None:
    """The reply kept for this key, if its request was placed; 409 for another request's key."""
    record = await uow.idempotency.get(customer_id, key)
    if record is None or record.response_status is None:
        return None
    if not record.matches(fingerprint):
        raise ConflictError(
            "This Idempotency-Key was used for a different request.", idempotency_key=key
        )
    return Reply(record.response_status, record.response_body or {})


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
