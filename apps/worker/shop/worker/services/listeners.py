"""In-process listeners: read models kept up to date from order events.

Each runs inside the relay's transaction and claims (listener, event id) first, so an event
relayed twice is counted once. `customer_summary` declares that it runs after `product_sales`;
the events DAG in `shop.core.events` orders them.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from shop.core.events import Event, EventDispatcher
from shop.entities import EventType
from shop.worker.services.ports import UnitOfWorkPort

PLACED, CANCELLED = EventType.ORDER_PLACED, EventType.ORDER_CANCELLED
ORDER_EVENTS = (PLACED, CANCELLED)


def _sign(event: Event) -> int:
    """+1 for a placed order, -1 for a cancelled one."""
    return 1 if event.type == PLACED else -1


async def product_sales(uow: UnitOfWorkPort, event: Event) -> None:
    if not await uow.projections.first_time("product_sales", event.id):
        return
    for line in event.payload["lines"]:
        units = _sign(event) * int(line["quantity"])
        await uow.projections.add_sales(uuid.UUID(line["product_id"]), units, _sign(event))


async def customer_summary(uow: UnitOfWorkPort, event: Event) -> None:
    if not await uow.projections.first_time("customer_summary", event.id):
        return
    await uow.projections.add_to_summary(
        uuid.UUID(event.payload["customer_id"]),
        placed=1 if event.type == PLACED else 0,
        cancelled=1 if event.type == CANCELLED else 0,
        spent_minor=_sign(event) * int(event.payload["total_minor"]),
    )


Listener = Callable[[UnitOfWorkPort, Event], Awaitable[None]]


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

        async def handle(event: Event, listener: Listener = registration.listener) -> None:
            await listener(uow, event)

        dispatcher.register(
            registration.name, handle, registration.event_types, after=registration.after
        )
    return dispatcher
