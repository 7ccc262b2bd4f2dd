"""The event stream's contract for other teams: an AsyncAPI 3.0 document of what the worker
publishes to NATS JetStream, made from the names it publishes under and the events' JSON
Schemas, committed as apps/worker/asyncapi.json (`make openapi`; `make check` fails when stale).
"""

from __future__ import annotations

from typing import Any

from shop.connectors.events.subjects import MESSAGE_ID_HEADER, domain_of, stream_of, subject_of
from shop.entities import EventType
from shop.entities.event_schemas import VERSION, event_schema

_HEADERS = {
    "type": "object",
    "required": [MESSAGE_ID_HEADER],
    "properties": {
        MESSAGE_ID_HEADER: {
            "type": "string",
            "format": "uuid",
            "description": "The event's id (also the body's `id` and a webhook's `webhook-id`): "
            "JetStream drops a second copy within the duplicate window; a consumer that "
            "sees an id again has seen the event",
        },
        "traceparent": {
            "type": "string",
            "description": "W3C trace context of the relay, when tracing is on: continue it",
        },
    },
}


def _name(event_type: EventType) -> str:
    noun, _, verb = str(event_type).partition(".")
    return f"{noun}{verb.capitalize()}"


def asyncapi_document() -> dict[str, Any]:
    channels, operations, messages = {}, {}, {}
    for event_type in EventType:
        name = _name(event_type)
        stream = stream_of(domain_of(event_type))
        messages[name] = {
            "name": str(event_type),
            "title": str(event_type),
            "contentType": "application/json",
            "headers": _HEADERS,
            "payload": event_schema(event_type),
        }
        channels[name] = {
            "address": subject_of(event_type),
            "description": f"Stream {stream}. {event_schema(event_type)['description']}",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"publish{name[0].upper()}{name[1:]}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Shop events",
            "version": f"{VERSION}.0.0",
            "description": (
                "Every outbox event, published by the worker to NATS JetStream when "
                "EVENTS_NATS_URL is set: one stream per domain (SHOP_ORDERS), one subject per "
                "event type. Delivery is at least once: read with a durable consumer, explicit "
                "acks, and dedupe on the message id. The body is the webhook body."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "nats": {
                "host": "nats:4222",
                "protocol": "nats",
                "description": "The server the worker's EVENTS_NATS_URL names",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }
