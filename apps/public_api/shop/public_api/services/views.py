"""The JSON shapes the use cases return (plain dicts), shared with the stored idempotent replies."""

from __future__ import annotations

from typing import Any

from shop.entities import Customer, Order
from shop.entities.snapshots import order_snapshot


def customer_view(customer: Customer) -> dict[str, Any]:
    return {"id": str(customer.id), "email": customer.email, "name": customer.name}


def order_view(order: Order) -> dict[str, Any]:
    # A customer's own order: who placed it goes without saying.
    view = order_snapshot(order)
    del view["customer_id"]
    return view
