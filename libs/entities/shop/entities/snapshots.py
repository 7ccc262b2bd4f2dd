"""Entities as plain JSON values: what events carry and what the audit log keeps.

One shape per entity, used by every app and by the worker that reads the events back, so an
`order.placed` from the public API and an `order.cancelled` from the admin API look alike.
"""

from __future__ import annotations

from typing import Any

from shop.entities.accounts import Customer, StaffUser
from shop.entities.order import Order
from shop.entities.product import Product
from shop.entities.records import EventType, OutboxEvent
from shop.entities.webhooks import WebhookSubscription


def order_snapshot(order: Order) -> dict[str, Any]:
    return {
        "id": str(order.id),
        "customer_id": str(order.customer_id),
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


def product_snapshot(product: Product) -> dict[str, Any]:
    return {
        "id": str(product.id),
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "price_minor": product.price_minor,
        "currency": product.currency,
        "stock": product.stock,
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
    """An outbox event about an order, with the order as it is now."""
    return OutboxEvent.new(event_type, {"order_id": str(order.id), **order_snapshot(order)})
