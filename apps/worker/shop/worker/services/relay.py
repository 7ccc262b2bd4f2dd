"""The relay: outbox events to the in-process listeners and into webhook deliveries.

One transaction per batch: the events are claimed with FOR UPDATE SKIP LOCKED (another worker
takes the next ones), each is handled in a savepoint (listeners, webhook fan-out, then the event
stream when there is one, which must acknowledge it), and the listeners' changes, the fan-out
and the delivered mark commit together. A crash before commit leaves the events undelivered for
the next claim: at-least-once, and the consumers are idempotent.
"""

from __future__ import annotations

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
            handled = [
                event.id
                for event in events
                if await self._relay(uow, dispatcher, event, subscriptions)
            ]
            await uow.outbox.mark_delivered(handled)
            await uow.commit()
        for event in events:
            self._metrics.event_relayed(event.type)
        return len(events)

    async def _relay(
        self,
        uow: UnitOfWorkPort,
        dispatcher: EventDispatcher,
        event: OutboxEvent,
        subscriptions: list[WebhookSubscription],
    ) -> bool:
        """Handle one event in a savepoint; False (and a retry scheduled) if it failed."""
        try:
            with continued_trace(
                event.trace_context, f"relay {event.type}", {"shop.event.id": str(event.id)}
            ):
                async with uow.savepoint():
                    await dispatcher.publish(Event(event.type, event.payload, event.id))
                    await uow.webhooks.fan_out(event, subscriptions)
                    if self._stream is not None:  # last: published only if the rest held
                        await self._stream.publish(
                            event.id, event.type, event.payload, trace_carrier()
                        )
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
