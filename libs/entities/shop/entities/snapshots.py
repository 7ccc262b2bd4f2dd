"""Entities as plain JSON values: one shape per resource, declared here and nowhere else.

Every API response, event and audit entry of a resource has this shape, whether an entity
makes it here or SQL makes it on the read side (`products.client_json`, the reads' order
pages and exports, which build theirs with `order_document` and `order_line_document`).
Integrated tests in the connectors hold the SQL-made JSON to these, byte for byte.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shop.entities.records import EventType, OutboxEvent

if TYPE_CHECKING:  # the entities record events made here (order.py imports this module)
    from shop.entities.accounts import Customer, StaffUser
    from shop.entities.order import Order
    from shop.entities.product import Product
    from shop.entities.webhooks import WebhookSubscription


def order_snapshot(order: Order) -> dict[str, Any]:
    return order_document(
        order_id=order.id,
        customer_id=order.customer_id,
        status=str(order.status),
        total_minor=order.total_minor,
        currency=order.currency,
        placed_at=order.created_at,
        lines=[
            order_line_document(line.product_id, line.quantity, line.unit_price_minor)
            for line in order.lines
        ],
    )


def order_document(
    *,
    order_id: uuid.UUID,
    customer_id: uuid.UUID,
    status: str,
    total_minor: int,
    currency: str,
    placed_at: datetime,
    lines: Any,  # a list of `order_line_document`s, or the same list as JSON made by SQL
) -> dict[str, Any]:
    return {
        "id": str(order_id),
        "customer_id": str(customer_id),
        "status": status,
        "total_minor": total_minor,
        "currency": currency,
        "placed_at": placed_at.isoformat(),
        "lines": lines,
    }


def order_line_document(
    product_id: uuid.UUID, quantity: int, unit_price_minor: int
) -> dict[str, Any]:
    return {
        "product_id": str(product_id),
        "quantity": quantity,
        "unit_price_minor": unit_price_minor,
    }


def product_snapshot(product: Product) -> dict[str, Any]:
    return {
        "id": str(product.id),
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "price_minor": product.price_minor,
        "currency": product.currency,
        "stock": product.stock,
        "in_stock": product.stock > 0,
        "active": product.active,
        "version": product.version,
    }


def customer_snapshot(customer: Customer) -> dict[str, Any]:
    return {
        "id": str(customer.id),
        "email": customer.email,
        "name": customer.name,
        "status": str(customer.status),
    }


def staff_snapshot(user: StaffUser) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": str(user.role),
        "active": user.active,
    }


def webhook_snapshot(subscription: WebhookSubscription) -> dict[str, Any]:
    """Without the secret: it signs deliveries and is never shown or logged again."""
    return {
        "id": str(subscription.id),
        "url": subscription.url,
        "event_types": list(subscription.event_types),
        "active": subscription.active,
    }


def order_event(event_type: EventType, order: Order) -> OutboxEvent:
    """An outbox event about an order, with the order as it is now and whom to tell about it
    (the customer's address and name, so that a consumer such as the notifications app needs
    no access to the accounts)."""
    return OutboxEvent.new(
        event_type,
        {
            "order_id": str(order.id),
            **order_snapshot(order),
            "customer": customer_contact(order.customer),
        },
    )


def customer_contact(customer: Customer) -> dict[str, Any]:
    return {"email": customer.email, "name": customer.name}
