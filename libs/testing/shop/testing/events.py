"""Events as the worker publishes them (the webhook envelope, also the body on NATS), made by
the domain itself: an order placed, and moved on, through the entities' own rules."""

from __future__ import annotations

from typing import Any

from shop.entities import Customer, EventType, Order, Product
from shop.entities.event_schemas import event_envelope
from shop.testing.data import new_customer


def published_order_event(
    event_type: str = EventType.ORDER_PLACED,
    *,
    customer: Customer | None = None,
    currency: str = "EUR",
) -> dict[str, Any]:
    """Two lines (2 x 12.50 and 1 x 4.99 in `currency`'s minor units) for a new customer."""
    mug = Product.create(sku="MUG", name="Mug", price_minor=1250, currency=currency, stock=9)
    tea = Product.create(sku="TEA", name="Tea", price_minor=499, currency=currency, stock=9)
    order = Order.place(customer or new_customer(), [(mug, 2), (tea, 1)])
    if event_type == EventType.ORDER_CANCELLED:
        order.cancel()
    elif event_type == EventType.ORDER_FULFILLED:
        order.fulfil()
    [event] = [event for event in order.collect_events() if event.type == event_type]
    return event_envelope(event.id, event.type, event.payload)


def without_customer(body: dict[str, Any]) -> dict[str, Any]:
    """The same event as recorded before events named the customer (shop-entities < 0.7.0)."""
    data = {key: value for key, value in body["data"].items() if key != "customer"}
    return {**body, "data": data}
