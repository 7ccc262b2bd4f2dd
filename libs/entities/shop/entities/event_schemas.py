"""What an event looks like to those who receive it: the envelope and one JSON Schema (draft
2020-12) per event type, versioned.

Webhook receivers get exactly `event_envelope(...)` as the body of each delivery; the admin
API's OpenAPI document publishes these schemas under `webhooks`. A change that would break a
receiver (a field removed, a type changed) is a new `version` and a new schema `$id`; adding a
field is not.
"""

from __future__ import annotations

import uuid
from typing import Any

from shop.entities.records import EventType

VERSION = 1
SCHEMA_BASE = "https://schemas.shop.example/events/"

_ORDER: dict[str, Any] = {
    "type": "object",
    "description": "The order as it is after the event",
    "required": [
        "order_id", "id", "customer_id", "status", "total_minor", "currency", "placed_at", "lines",
    ],
    "properties": {
        "order_id": {"type": "string", "format": "uuid"},
        "id": {"type": "string", "format": "uuid", "description": "The order's id again"},
        "customer_id": {"type": "string", "format": "uuid"},
        "status": {"enum": ["placed", "fulfilled", "cancelled"]},
        "total_minor": {"type": "integer", "minimum": 0, "description": "In minor units"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "placed_at": {"type": "string", "format": "date-time"},
        "customer": {
            "type": "object",
            "description": "Whom to tell: the customer's address and name when the event was "
            "recorded (events recorded before shop-entities 0.7.0 have none)",
            "required": ["email", "name"],
            "properties": {
                "email": {"type": "string", "format": "email"},
                "name": {"type": "string"},
            },
        },
        "lines": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["product_id", "quantity", "unit_price_minor"],
                "properties": {
                    "product_id": {"type": "string", "format": "uuid"},
                    "quantity": {"type": "integer", "minimum": 1},
                    "unit_price_minor": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
}  # fmt: skip
_WHAT = {
    EventType.ORDER_PLACED: "A customer placed an order; its stock is taken.",
    EventType.ORDER_FULFILLED: "Staff fulfilled an order.",
    EventType.ORDER_CANCELLED: "An order was cancelled (by its customer or staff); stock is back.",
}


def schema_id(event_type: EventType) -> str:
    return f"{SCHEMA_BASE}{event_type}/v{VERSION}.json"


def event_schema(event_type: EventType) -> dict[str, Any]:
    """The JSON Schema of a delivery's body for this event type."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(event_type),
        "title": str(event_type),
        "description": _WHAT[event_type],
        "type": "object",
        "required": ["id", "type", "version", "data"],
        "properties": {
            "id": {
                "type": "string",
                "format": "uuid",
                "description": "The event's id, also `webhook-id`: a second delivery of the "
                "same id is a duplicate",
            },
            "type": {"const": str(event_type)},
            "version": {"const": VERSION},
            "data": _ORDER,
        },
    }


def event_envelope(event_id: uuid.UUID, event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """What a receiver gets for one event."""
    return {"id": str(event_id), "type": event_type, "version": VERSION, "data": payload}
