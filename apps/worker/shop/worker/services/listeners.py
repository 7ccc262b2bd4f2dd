"""In-process listeners: read models kept up to date from order events.

Each takes a batch of events (the relay's, or one when an event is relayed on its own) and says
what each event changes; one statement per listener and batch claims (listener, event id) and
adds up the changes of the events claimed now, so an event relayed twice is counted once.
`customer_summary` declares that it runs after `product_sales`; the events DAG in
`shop.core.events` orders them.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from shop.connectors.db.repositories import SalesChange, SummaryChange
from shop.core.events import Event, EventDispatcher
from shop.entities import EventType
from shop.worker.services.ports import UnitOfWorkPort

PLACED, CANCELLED = EventType.ORDER_PLACED, EventType.ORDER_CANCELLED
ORDER_EVENTS = (PLACED, CANCELLED)


def _sign(event: Event) -> int:
    """+1 for a placed order, -1 for a cancelled one."""
    return 1 if event.type == PLACED else -1


def _once_each(events: Sequence[Event]) -> list[Event]:
    """A batch that repeats an event counts it once (the claim of its key is per batch)."""
    return list({event.id: event for event in events}.values())


async def product_sales(uow: UnitOfWorkPort, events: Sequence[Event]) -> None:
    changes = [
        SalesChange(
            event.id,
            uuid.UUID(line["product_id"]),
            _sign(event) * int(line["quantity"]),
            _sign(event),
        )
        for event in _once_each(events)
        for line in event.payload["lines"]
    ]
    await uow.projections.add_sales("product_sales", changes)


async def customer_summary(uow: UnitOfWorkPort, events: Sequence[Event]) -> None:
    changes = [
        SummaryChange(
            event.id,
            uuid.UUID(event.payload["customer_id"]),
            int(event.type == PLACED),
            int(event.type == CANCELLED),
            _sign(event) * int(event.payload["total_minor"]),
        )
        for event in _once_each(events)
    ]
    await uow.projections.add_to_summaries("customer_summary", changes)


Listener = Callable[[UnitOfWorkPort, Sequence[Event]], Awaitable[None]]


@dataclass(frozen=True)
class Registration:
    name: str
    listener: Listener
    event_types: tuple[str, ...]
    after: tuple[str, ...] = ()


LISTENERS = (
    Registration("product_sales", product_sales, ORDER_EVENTS),
    Registration("customer_summary", customer_summary, ORDER_EVENTS, after=("product_sales",)),
)


def dispatcher_for(
    uow: UnitOfWorkPort, registrations: tuple[Registration, ...] = LISTENERS
) -> EventDispatcher:
    """The listeners, bound to one transaction (a dispatcher of a few nodes costs microseconds)."""
    dispatcher = EventDispatcher()
    for registration in registrations:

        async def handle(
            events: Sequence[Event], listener: Listener = registration.listener
        ) -> None:
            await listener(uow, events)

        dispatcher.register(
            registration.name, handle, registration.event_types, after=registration.after
        )
    return dispatcher
