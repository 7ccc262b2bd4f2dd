"""The JSON shapes the use cases return (plain dicts), shared with the stored idempotent replies."""

from __future__ import annotations

from typing import Any

from shop.entities import Customer, Order


def customer_view(customer: Customer) -> dict[str, Any]:
    return {"id": str(customer.id), "email": customer.email, "name": customer.name}


def order_view(order: Order) -> dict[str, Any]:
    return {
        "id": str(order.id),
        "status": str(order.status),
        "total_minor": order.total_minor,
        "currency": order.currency,
        "placed_at": order.created_at.isoformat(),
        "lines": [
            {
                "product_id": str(line.product_id),
                "quantity": line.quantity,
                "unit_price_minor": line.unit_price_minor,
            }
            for line in order.lines
        ],
    }
