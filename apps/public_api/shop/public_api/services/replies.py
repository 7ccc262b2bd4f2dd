"""What the use cases reply with (plain dicts, stored as idempotent replies too): the shapes
of shop.entities.snapshots as a customer sees them."""

from __future__ import annotations

from typing import Any

from shop.entities import Customer, Order
from shop.entities.snapshots import order_snapshot


def customer_reply(customer: Customer) -> dict[str, Any]:
    return {"id": str(customer.id), "email": customer.email, "name": customer.name}


def order_reply(order: Order) -> dict[str, Any]:
    # A customer's own order: who placed it goes without saying.
    reply = order_snapshot(order)
    del reply["customer_id"]
    return reply
