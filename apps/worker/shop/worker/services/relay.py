"""The relay: outbox events to the in-process listeners and into webhook deliveries.

One transaction per batch: the events are claimed with FOR UPDATE SKIP LOCKED (another worker
takes the next ones) and handled as one set in a savepoint: each listener once for the batch
(one claim and one upsert), the webhook fan-out in one statement, then the event stream when
there is one, which must acknowledge each event. If anything in the batch fails, the savepoint
goes and the events are handled one by one, each in its own savepoint, so a bad event is
retried later and the others go on. The listeners' changes, the fan-out and the delivered mark
commit together; a crash before commit leaves the events undelivered for the next claim:
at-least-once, and the consumers are idempotent.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

from shop.core.backoff import Backoff
from shop.core.errors import UnavailableError
from shop.core.events import Event, EventDispatcher
from shop.core.logging import get_logger
from shop.core.tracing import continued_trace, trace_carrier
from shop.entities import OutboxEvent, WebhookSubscription
from shop.worker.services.listeners import dispatcher_for
from shop.worker.services.ports import (
    EventStreamPort,
    UnitOfWorkFactory,
    UnitOfWorkPort,
    WorkerMetricsPort,
)

_log = get_logger(__name__)


class RelayOutbox:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        backoff: Backoff,
        metrics: WorkerMetricsPort,
        stream: EventStreamPort | None = None,
    ) -> None:
        """`stream`: where every event is also published for other teams' apps (none: off)."""
        self._uow = uow
        self._backoff = backoff
        self._metrics = metrics
        self._stream = stream

    async def execute(self, batch_size: int) -> int:
        """Relay one batch; the number of events handled (0: nothing was due)."""
        async with self._uow() as uow:
            events = await uow.outbox.claim_due(batch_size)
            if not events:
                return 0
            subscriptions = await uow.webhooks.active()
            dispatcher = dispatcher_for(uow)
            if await self._relay_all(uow, dispatcher, events, subscriptions):
                handled = [event.id for event in events]
            else:
                handled = [
                    event.id
                    for event in events
                    if await self._relay_one(uow, dispatcher, event, subscriptions)
                ]
            await uow.outbox.mark_delivered(handled)
            await uow.commit()
        for event in events:
            self._metrics.event_relayed(event.type)
        return len(events)

    async def _relay_all(
        self,
        uow: UnitOfWorkPort,
        dispatcher: EventDispatcher,
        events: list[OutboxEvent],
        subscriptions: list[WebhookSubscription],
    ) -> bool:
        """The batch as one set; False (nothing of it kept) if any part failed."""
        if len(events) == 1:
            return False  # one by one is the same work, and says which event failed
        try:
            async with uow.savepoint():
                await dispatcher.publish_many([_event(event) for event in events])
                await uow.webhooks.fan_out(events, subscriptions)
                for event in events:  # each still continues its request's trace
                    with _relay_span(event):
                        await self._publish(event)
        except UnavailableError:
            raise  # the database went away: the whole batch is retried, nothing to mark
        except Exception as error:  # noqa: BLE001 - the events are tried one by one next
            _log.warning("batch failed, relaying its events one by one", error=repr(error))
            return False
        return True

    async def _relay_one(
        self,
        uow: UnitOfWorkPort,
        dispatcher: EventDispatcher,
        event: OutboxEvent,
        subscriptions: list[WebhookSubscription],
    ) -> bool:
        """Handle one event in a savepoint; False (and a retry scheduled) if it failed."""
        try:
            with _relay_span(event):
                async with uow.savepoint():
                    await dispatcher.publish(_event(event))
                    await uow.webhooks.fan_out([event], subscriptions)
                    await self._publish(event)
        except UnavailableError:
            raise  # the database went away: the whole batch is retried, nothing to mark
        except Exception as error:  # noqa: BLE001 - a listener's bug must not stop the relay
            _log.exception("event failed", event_id=str(event.id), event_type=event.type)
            self._metrics.event_failed(event.type)
            # Listener bugs get fixed and deployed: keep retrying, never further apart than the cap.
            delay = self._backoff.delay_after(event.attempts + 1) or timedelta(
                seconds=self._backoff.cap_seconds
            )
            await uow.outbox.mark_failed(event.id, repr(error), datetime.now(UTC) + delay)
            return False
        return True

    async def _publish(self, event: OutboxEvent) -> None:
        """To the event stream, last: published only if the rest held (none: off)."""
        if self._stream is not None:
            await self._stream.publish(event.id, event.type, event.payload, trace_carrier())


def _relay_span(event: OutboxEvent) -> AbstractContextManager[object]:
    """The event's relay, in the trace of the request that wrote it."""
    return continued_trace(
        event.trace_context, f"relay {event.type}", {"shop.event.id": str(event.id)}
    )


def _event(event: OutboxEvent) -> Event:
    return Event(event.type, event.payload, event.id)
