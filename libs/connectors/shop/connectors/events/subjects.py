"""Where each event goes on the stream: one JetStream stream per domain, one subject per event
type (`order.placed` → stream SHOP_ORDERS, subject `shop.orders.placed`). The AsyncAPI document
of the stream is made from these, so a consumer reads the same names the worker publishes to.
"""

from __future__ import annotations

from collections.abc import Iterable

SUBJECT_ROOT = "shop"
MESSAGE_ID_HEADER = "Nats-Msg-Id"  # JetStream's de-duplication key: the event's id


def domain_of(event_type: str) -> str:
    noun, _, _ = event_type.partition(".")
    return f"{noun}s"


def subject_of(event_type: str) -> str:
    _, _, verb = event_type.partition(".")
    return f"{SUBJECT_ROOT}.{domain_of(event_type)}.{verb}"


def stream_of(domain: str) -> str:
    return f"{SUBJECT_ROOT.upper()}_{domain.upper()}"


def domains(event_types: Iterable[str]) -> list[str]:
    return sorted({domain_of(event_type) for event_type in event_types})
