"""Webhook deliveries: signed POSTs, retried with backoff, dead-lettered after the last try.

A pipeline: up to `concurrency` deliveries are in flight at any time, at most `per_receiver` of
one subscription's, so a slow receiver holds only its own slots and every other receiver's
deliveries go on past it. Each step records what finished (an attempt row, the delivery's
state) and claims into the slots that freed up, in one transaction; the POSTs run outside
any. Claims are leases: a worker that dies mid-send leaves its deliveries to be claimed again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

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
    UnitOfWorkPort,
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
        *,
        concurrency: int,
        per_receiver: int,
        wait_seconds: float = 0.1,
    ) -> None:
        """`wait_seconds`: how long a step waits for a send to finish or for `wake()`."""
        self._uow = uow
        self._client = client
        self._backoff = backoff
        self._metrics = metrics
        self._lease = lease
        self._concurrency = concurrency
        self._per_receiver = per_receiver
        self._wait_seconds = wait_seconds
        self._in_flight: dict[asyncio.Task[SendOutcome], DeliveryJob] = {}
        self._finished: list[tuple[DeliveryJob, SendOutcome]] = []  # not recorded yet
        self._due = asyncio.Event()

    def wake(self) -> None:
        """New deliveries may be due (the relay just fanned some out): claim them now."""
        self._due.set()

    async def execute(self) -> int:
        """One step: record what finished, claim into the free slots, then wait (at most
        `wait_seconds`) until a send finishes or `wake()` is called. How many deliveries were
        recorded or claimed (0: nothing happened)."""
        self._collect()
        finished = list(self._finished)
        async with self._uow() as uow:
            recorded = await self._record(uow, finished)
            jobs = await self._claim(uow)
            await uow.commit()
        del self._finished[: len(finished)]  # only once recorded: a failed commit retries them
        self._report(recorded)
        for job in jobs:
            self._in_flight[asyncio.create_task(self._send(job))] = job
        await self._wait()
        return len(finished) + len(jobs)

    async def stop(self, grace_seconds: float) -> None:
        """At shutdown: the sends under way get `grace_seconds` to finish and are recorded; the
        rest are cancelled and handed back, due again at once for another worker."""
        if self._in_flight:
            await asyncio.wait(self._in_flight, timeout=grace_seconds)
        unfinished = [job for task, job in self._in_flight.items() if not task.done()]
        for task in self._in_flight:
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        self._in_flight = {
            task: job for task, job in self._in_flight.items() if not task.cancelled()
        }
        self._collect()
        if not (self._finished or unfinished):
            return
        async with self._uow() as uow:
            recorded = await self._record(uow, self._finished)
            await uow.webhooks.release([job.delivery_id for job in unfinished])
            await uow.commit()
        self._finished = []
        self._report(recorded)

    async def _claim(self, uow: UnitOfWorkPort) -> list[DeliveryJob]:
        room = self._concurrency - len(self._in_flight)
        if room <= 0:
            return []
        busy = Counter(job.subscription_id for job in self._in_flight.values())
        return await uow.webhooks.claim_due(room, self._lease, self._per_receiver, busy)

    def _collect(self) -> None:
        """Move the finished sends from in flight to the outcomes to record."""
        for task in [task for task in self._in_flight if task.done()]:
            job = self._in_flight.pop(task)
            error = task.exception()
            outcome = task.result() if error is None else _broken(error)
            self._finished.append((job, outcome))

    async def _wait(self) -> None:
        if self._in_flight and any(task.done() for task in self._in_flight):
            return
        self._due.clear()
        woken = asyncio.ensure_future(self._due.wait())
        try:
            await asyncio.wait(
                [*self._in_flight, woken],
                timeout=self._wait_seconds,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            woken.cancel()

    async def _send(self, job: DeliveryJob) -> SendOutcome:
        body, headers = webhook_request(job)
        attributes = {"shop.event.id": str(job.event_id), "shop.delivery.id": str(job.delivery_id)}
        with continued_trace(job.trace_context, f"webhook {job.event_type}", attributes):
            return await self._client.post(job.url, body, headers)

    async def _record(
        self, uow: UnitOfWorkPort, results: list[tuple[DeliveryJob, SendOutcome]]
    ) -> list[_Recorded]:
        """Each outcome on its delivery (the entity's rules) with an attempt row."""
        if not results:
            return []
        now = await uow.webhooks.now()
        deliveries = await uow.webhooks.deliveries_for_update(
            [job.delivery_id for job, _ in results]
        )
        recorded = []
        for job, outcome in results:
            delivery = deliveries.get(job.delivery_id)
            if delivery is None or delivery.status != DeliveryStatus.PENDING:
                continue  # resolved meanwhile (a lease ran out and another worker sent it)
            if outcome.accepted:
                delivery.succeeded(now)
            else:
                error = outcome.error or f"receiver answered {outcome.status_code}"
                delivery.failed(error, self._backoff.delay_after(delivery.attempts + 1), now)
            uow.webhooks.add_attempt(
                DeliveryAttempt.record(
                    job.delivery_id, now, outcome.status_code, outcome.latency, outcome.error
                )
            )
            recorded.append(_Recorded.of(job, outcome, delivery))
        return recorded

    def _report(self, recorded: list[_Recorded]) -> None:
        """Metrics, and a warning per failure, once the outcomes are committed."""
        for item in recorded:
            self._metrics.webhook_attempted(item.status, item.outcome.latency)
            if not item.outcome.accepted:
                _log_failure(item)


@dataclass(frozen=True)
class _Recorded:
    """An outcome as recorded: the delivery's state right after it."""

    job: DeliveryJob
    outcome: SendOutcome
    status: str
    attempts: int
    retry_at: datetime
    error: str | None

    @classmethod
    def of(cls, job: DeliveryJob, outcome: SendOutcome, delivery: WebhookDelivery) -> _Recorded:
        return cls(
            job,
            outcome,
            delivery.status,
            delivery.attempts,
            delivery.next_attempt_at,
            delivery.last_error,
        )


def _broken(error: BaseException) -> SendOutcome:
    """A send that raised instead of returning an outcome (the client turns every HTTP failure
    into one): recorded as a failed attempt, retried like any other."""
    return SendOutcome(None, timedelta(0), f"{type(error).__name__}: {error}")


def _log_failure(item: _Recorded) -> None:
    """One warning per failed attempt: a retry scheduled, or the delivery dead-lettered."""
    job = item.job
    fields = {
        "subscription_id": str(job.subscription_id),
        "delivery_id": str(job.delivery_id),
        "event_id": str(job.event_id),
        "event_type": job.event_type,
        "attempt": item.attempts,
        "status_code": item.outcome.status_code,
        "error": item.error,
    }
    if item.status == DeliveryStatus.DEAD:
        _log.warning("webhook dead-lettered", **fields)
    else:
        _log.warning(
            "webhook failed, retry scheduled", retry_at=item.retry_at.isoformat(), **fields
        )
