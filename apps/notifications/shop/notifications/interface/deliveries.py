"""The app's loop step: fetch a batch of events from its durable consumer, hand each to the
use case, and settle it with the stream: done, again later (with backoff), or never again."""

from __future__ import annotations

import time

from shop.connectors.events.consumer import Delivery, EventConsumer
from shop.connectors.mail.smtp import MailRefusedError, MailUnavailableError
from shop.core.backoff import Backoff
from shop.core.logging import get_logger
from shop.notifications.interface.metrics import NotificationMetrics
from shop.notifications.services.order_mail import NotifyCustomer

_log = get_logger(__name__)


class HandleDeliveries:
    def __init__(
        self,
        consumer: EventConsumer,
        notify: NotifyCustomer,
        backoff: Backoff,
        metrics: NotificationMetrics,
        *,
        batch_size: int,
        wait_seconds: float,
    ) -> None:
        self._consumer = consumer
        self._notify = notify
        self._backoff = backoff
        self._metrics = metrics
        self._batch_size = batch_size
        self._wait = wait_seconds

    async def step(self) -> int:
        deliveries = await self._consumer.fetch(self._batch_size, self._wait)
        for delivery in deliveries:
            started = time.perf_counter()
            outcome = await self._settle(delivery)
            self._metrics.handled(outcome, time.perf_counter() - started)
        return len(deliveries)

    async def _settle(self, delivery: Delivery) -> str:
        try:
            outcome = await self._notify.execute(delivery.body())
        except ValueError as error:  # not JSON, or MalformedEventError: not an order event
            _log.warning("event dropped: not an order event", error=str(error))
            await delivery.never_again()
            return "malformed"
        except MailRefusedError as error:
            _log.warning("order e-mail refused by the mail server", error=str(error))
            await delivery.never_again()
            return "refused"
        except MailUnavailableError as error:
            return await self._later(delivery, str(error))
        await delivery.done()
        return outcome

    async def _later(self, delivery: Delivery, error: str) -> str:
        delay = self._backoff.delay_after(delivery.attempt)
        if delay is None:
            _log.warning("order e-mail given up", attempt=delivery.attempt, error=error)
            await delivery.never_again()
            return "gave_up"
        _log.warning(
            "order e-mail not sent, retry scheduled",
            attempt=delivery.attempt,
            retry_in=round(delay.total_seconds(), 1),
            error=error,
        )
        await delivery.again_in(delay.total_seconds())
        return "retry"
