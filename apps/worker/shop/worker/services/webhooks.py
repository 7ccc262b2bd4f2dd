"""Webhook deliveries: signed POSTs, retried with backoff, dead-lettered after the last try.

Deliveries are claimed by lease and the claim commits at once; the POSTs run concurrently
outside any transaction; each outcome is recorded (attempt row, delivery state) afterwards.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import orjson

from shop.connectors.db.repositories import DeliveryJob
from shop.connectors.http.webhooks import SendOutcome
from shop.core.backoff import Backoff
from shop.core.logging import get_logger
from shop.core.security.signatures import signed_headers
from shop.core.tracing import continued_trace
from shop.entities import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from shop.entities.event_schemas import event_envelope
from shop.worker.services.ports import (
    UnitOfWorkFactory,
    WebhookClientPort,
    WorkerMetricsPort,
)

_log = get_logger(__name__)


def webhook_request(job: DeliveryJob) -> tuple[bytes, dict[str, str]]:
    """The body and headers of one delivery: Standard Webhooks headers signing the exact bytes
    sent, with the event's id as the message id (a receiver dedupes on it)."""
    body = orjson.dumps(event_envelope(job.event_id, job.event_type, job.payload))
    headers = {"Content-Type": "application/json"}
    headers.update(signed_headers(job.secret, str(job.event_id), body))
    return body, headers


class SendWebhooks:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        client: WebhookClientPort,
        backoff: Backoff,
        metrics: WorkerMetricsPort,
        lease: timedelta,
    ) -> None:
        self._uow = uow
        self._client = client
        self._backoff = backoff
        self._metrics = metrics
        self._lease = lease

    async def execute(self, batch_size: int) -> int:
        """Send one batch of due deliveries; how many were tried (0: none was due)."""
        async with self._uow() as uow:
            jobs = await uow.webhooks.claim_due(batch_size, self._lease)
            await uow.commit()
        if not jobs:
            return 0
        try:
            outcomes = await asyncio.gather(*(self._send(job) for job in jobs))
        except asyncio.CancelledError:
            # Stopped in the middle: hand back what was claimed instead of waiting for leases.
            async with self._uow() as uow:
                await uow.webhooks.release([job.delivery_id for job in jobs])
                await uow.commit()
            raise
        await self._record(list(zip(jobs, outcomes, strict=True)))
        return len(jobs)

    async def _send(self, job: DeliveryJob) -> SendOutcome:
        body, headers = webhook_request(job)
        attributes = {"shop.event.id": str(job.event_id), "shop.delivery.id": str(job.delivery_id)}
        with continued_trace(job.trace_context, f"webhook {job.event_type}", attributes):
            return await self._client.post(job.url, body, headers)

    async def _record(self, results: list[tuple[DeliveryJob, SendOutcome]]) -> None:
        async with self._uow() as uow:
            now = await uow.webhooks.now()
            deliveries = await uow.webhooks.deliveries_for_update(
                [job.delivery_id for job, _ in results]
            )
            for job, outcome in results:
                delivery = deliveries.get(job.delivery_id)
                if delivery is None or delivery.status != DeliveryStatus.PENDING:
                    continue  # resolved meanwhile (a lease ran out and another worker sent it)
                if outcome.accepted:
                    delivery.succeeded(now)
                else:
                    error = outcome.error or f"receiver answered {outcome.status_code}"
                    delivery.failed(error, self._backoff.delay_after(delivery.attempts + 1), now)
                    _log_failure(job, delivery, outcome, error)
                uow.webhooks.add_attempt(
                    DeliveryAttempt.record(
                        job.delivery_id, now, outcome.status_code, outcome.latency, outcome.error
                    )
                )
                self._metrics.webhook_attempted(str(delivery.status), outcome.latency)
            await uow.commit()


def _log_failure(
    job: DeliveryJob, delivery: WebhookDelivery, outcome: SendOutcome, error: str
) -> None:
    """One warning per failed attempt: a retry scheduled, or the delivery dead-lettered."""
    fields = {
        "subscription_id": str(job.subscription_id),
        "delivery_id": str(job.delivery_id),
        "event_id": str(job.event_id),
        "event_type": job.event_type,
        "attempt": delivery.attempts,
        "status_code": outcome.status_code,
        "error": error,
    }
    if delivery.status == DeliveryStatus.DEAD:
        _log.warning("webhook dead-lettered", **fields)
    else:
        retry_at = delivery.next_attempt_at.isoformat()
        _log.warning("webhook failed, retry scheduled", retry_at=retry_at, **fields)
